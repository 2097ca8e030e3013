// Validates a v3 Mail Send body as SendGrid does: every problem at once, each as
// {message, field, help} in SendGrid's own words, field paths like "personalizations.0.to.0.email".
import { z } from "zod";

export type TSendGridError = { message: string; field: string | null; help: string | null };

const HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html";
const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;

const MESSAGES = {
  personalizations: "The personalizations field is required and must have at least one personalization.",
  to: "The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
  toAddress: "Does not contain a valid address.",
  from: 'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}',
  fromAddress: "The from email does not contain a valid address.",
  replyToAddress: "The reply_to email does not contain a valid address.",
  subject: "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
  content: "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.",
  contentValue: "The content value must be a string at least one character in length.",
  contentType: "The content type must be a string at least one character in length.",
  contentOrder: "If present, text/plain and text/html may only be provided in the order of text/plain, text/html.",
  customArgs: "Custom args values must be strings.",
} as const;

const HELP_BY_FIELD: [RegExp, string][] = [
  [/^personalizations\.\d+\.to/, `${HELP}#message.personalizations.to`],
  [/^personalizations/, `${HELP}#-Personalizations-Errors`],
  [/^from/, `${HELP}#message.from`],
  [/^reply_to/, `${HELP}#message.reply_to`],
  [/^subject/, `${HELP}#message.subject`],
  [/^content/, `${HELP}#message.content`],
  [/custom_args/, `${HELP}#message.custom_args`],
];

const ZAddress = (message: string, objectMessage = message) =>
  z.looseObject({ email: z.string(message).regex(EMAIL, message), name: z.string().optional() }, objectMessage);
const ZAddresses = (message: string) => z.array(ZAddress(message), message).max(1000);
const ZCustomArgs = z.record(z.string(), z.string(MESSAGES.customArgs), MESSAGES.customArgs);

const ZPersonalization = z.looseObject(
  {
    to: z.array(ZAddress(MESSAGES.toAddress), MESSAGES.to).min(1, MESSAGES.to).max(1000),
    cc: ZAddresses(MESSAGES.toAddress).optional(),
    bcc: ZAddresses(MESSAGES.toAddress).optional(),
    subject: z.string().optional(),
    custom_args: ZCustomArgs.optional(),
    send_at: z.number().int().optional(),
  },
  MESSAGES.personalizations,
);

/** The parts of Mail Send the simulator reads; SendGrid's other options pass unchecked. */
export const ZMailSendBody = z.looseObject({
  personalizations: z.array(ZPersonalization, MESSAGES.personalizations).min(1, MESSAGES.personalizations).max(1000),
  from: ZAddress(MESSAGES.fromAddress, MESSAGES.from),
  reply_to: ZAddress(MESSAGES.replyToAddress).optional(),
  subject: z.string(MESSAGES.subject).optional(),
  content: z
    .array(z.looseObject({ type: z.string(MESSAGES.contentType).min(1, MESSAGES.contentType), value: z.string(MESSAGES.contentValue).min(1, MESSAGES.contentValue) }), MESSAGES.content)
    .optional(),
  template_id: z.string().optional(),
  custom_args: ZCustomArgs.optional(),
});
export type TMailSendBody = z.infer<typeof ZMailSendBody>;

function helpFor(field: string | null): string | null {
  if (field === null) return null;
  return HELP_BY_FIELD.find(([pattern]) => pattern.test(field))?.[1] ?? HELP;
}

function errorOf(message: string, field: string | null): TSendGridError {
  return { message, field, help: helpFor(field) };
}

/** Rules across fields, checked on whatever shape arrived so they join the field errors. */
function crossFieldErrors(body: Record<string, unknown>): TSendGridError[] {
  const errors: TSendGridError[] = [];
  const hasTemplate = typeof body.template_id === "string" && body.template_id.length > 0;
  const personalizations = Array.isArray(body.personalizations) ? (body.personalizations as unknown[]) : [];
  const everyHasSubject =
    personalizations.length > 0 && personalizations.every((p) => typeof (p as { subject?: unknown } | null)?.subject === "string" && (p as { subject: string }).subject !== "");
  if (!hasTemplate && !everyHasSubject && (typeof body.subject !== "string" || body.subject === "")) errors.push(errorOf(MESSAGES.subject, "subject"));
  const content = Array.isArray(body.content) ? (body.content as unknown[]) : null;
  if (!hasTemplate && (!content || content.length === 0)) errors.push(errorOf(MESSAGES.content, "content"));
  const types = (content ?? []).map((c) => (c as { type?: unknown } | null)?.type);
  const plain = types.indexOf("text/plain");
  if (plain > 0) errors.push(errorOf(MESSAGES.contentOrder, `content.${plain}.type`));
  return errors;
}

export type TMailSendValidation = { ok: true; body: TMailSendBody } | { ok: false; errors: TSendGridError[] };

/** Parses and validates a raw Mail Send request body. */
export function validateMailSend(rawBody: string): TMailSendValidation {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, errors: [errorOf("Bad Request", null)] };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, errors: [errorOf("Bad Request", null)] };
  const parsed = ZMailSendBody.safeParse(json);
  const fieldErrors = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const path = issue.path.join(".");
        // A missing from is reported on its email, as SendGrid does.
        return errorOf(issue.message, path === "from" ? "from.email" : path || null);
      });
  const errors = [...fieldErrors, ...crossFieldErrors(json as Record<string, unknown>)];
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.field === e.field && o.message === e.message) === i);
  if (unique.length > 0 || !parsed.success) return { ok: false, errors: unique };
  return { ok: true, body: parsed.data };
}
