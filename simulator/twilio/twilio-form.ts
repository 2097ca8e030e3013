// The Messages create form, checked in the order Twilio checks it and refused with Twilio's codes.
import { z } from "zod";

const E164 = /^\+[1-9]\d{1,14}$/;
const WHATSAPP = "whatsapp:";
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const SHORT_CODE = /^\d{5,6}$/;
const MAX_BODY = 1_600;

export type TFormError = { status: number; code: number; message: string };

type TIssueParams = { twilioCode: number };

// Unknown parameters are ignored, as Twilio ignores them.
const ZCreateMessageForm = z
  .looseObject({
    To: z.string().optional(),
    From: z.string().optional(),
    MessagingServiceSid: z.string().optional(),
    Body: z.string().optional(),
    ContentSid: z.string().optional(),
    ContentVariables: z.string().optional(),
    MediaUrl: z.array(z.string()).optional(),
    StatusCallback: z.string().optional(),
  })
  .superRefine((form, ctx) => {
    const fail = (twilioCode: number, message: string) => ctx.addIssue({ code: "custom", message, params: { twilioCode } satisfies TIssueParams });
    // Only the first failure is reported, so each check stops the others.
    if (!form.To) return fail(21604, "A 'To' phone number is required.");
    if (!isAddress(form.To)) return fail(21211, `The 'To' number ${form.To} is not a valid phone number.`);
    if (!form.From && !form.MessagingServiceSid) return fail(21603, "A 'From' phone number is required.");
    if (form.MessagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(form.MessagingServiceSid)) return fail(21701, `The Messaging Service Sid ${form.MessagingServiceSid} is invalid.`);
    if (form.From && !isSender(form.From)) return fail(21212, `The 'From' number ${form.From} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    if (form.From && form.From.startsWith(WHATSAPP) !== form.To.startsWith(WHATSAPP)) return fail(21910, "Invalid From and To pair. From and To should be of the same channel");
    if (form.ContentVariables !== undefined && !form.ContentSid) return fail(21654, "ContentSid Required");
    if (form.ContentSid && !/^HX[0-9a-fA-F]{32}$/.test(form.ContentSid)) return fail(21655, "The ContentSid is Invalid");
    if (form.ContentVariables !== undefined && !isVariables(form.ContentVariables)) return fail(21656, "The ContentVariables Parameter is invalid");
    if (!form.Body && !form.ContentSid && !form.MediaUrl?.length) return fail(21602, "Message body is required.");
    if (form.Body && [...form.Body].length > MAX_BODY) return fail(21617, "The concatenated message body exceeds the 1600 character limit.");
    if (form.StatusCallback !== undefined && !isCallbackUrl(form.StatusCallback)) return fail(21609, `Invalid StatusCallback url: ${form.StatusCallback}`);
  });

export type TCreateMessageForm = z.output<typeof ZCreateMessageForm>;

/** The form as Twilio reads it, or the error Twilio answers with. */
export function parseCreateMessageForm(contentType: string | undefined, rawBody: string): { ok: true; form: TCreateMessageForm } | { ok: false; error: TFormError } {
  // A body that is not form-encoded carries no parameters Twilio can read.
  const params = contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(rawBody) : new URLSearchParams();
  const input: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) input[name] = name === "MediaUrl" ? params.getAll(name) : params.get(name)!;
  const parsed = ZCreateMessageForm.safeParse(input);
  if (parsed.success) return { ok: true, form: parsed.data };
  // Every value is a string (MediaUrl a list of them), so the only issues are the checks' own.
  const issue = parsed.error.issues[0]!;
  const twilioCode = issue.code === "custom" ? (issue.params as TIssueParams | undefined)?.twilioCode : undefined;
  return { ok: false, error: { status: 400, code: twilioCode ?? 400, message: issue.message } };
}

function isAddress(value: string): boolean {
  return E164.test(value.startsWith(WHATSAPP) ? value.slice(WHATSAPP.length) : value);
}

function isSender(value: string): boolean {
  return isAddress(value) || ALPHANUMERIC_SENDER.test(value) || SHORT_CODE.test(value);
}

function isVariables(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function isCallbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
