// Pinnacle's SMS (api.pinnacle.in) and WhatsApp (api.pinbot.ai) APIs at their paths, as the
// simulator speaks them: an `apikey` header, the bodies seen in third-party code, and answers and
// unsigned delivery reports in the shape Herald's defaults read (src/server/providers/pinnacle/
// pinnacle-mapping.ts), to the account's token-addressed webhook URL.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { jsonCallback } from "../json-callbacks";
import { LATE_DELIVERY_MS, outcomeFor, type TSimOutcome } from "../outcomes";
import type { TSimAccount, TSimContext, TSimProvider, TSimRequest, TSimResponse } from "../types";

const refuse = (status: number, message: string, httpStatus = 200): TSimResponse => ({ status: httpStatus, body: { status: "error", code: status, message } });

const ZSms = z.strictObject({
  sender: z.string().regex(/^[A-Za-z0-9]{6}$/),
  message: z.array(z.strictObject({ number: z.string().regex(/^\d{8,15}$/), text: z.string().min(1) })).min(1),
  messagetype: z.enum(["TXT", "UNI"]),
  dlttempid: z.string().regex(/^\d{19}$/, "dlttempid must be the 19-digit DLT template id"),
  dltentityid: z.string().regex(/^\d{19}$/).optional(),
  reference: z.string().optional(),
});
const ZWhatsApp = z.strictObject({
  from: z.string().regex(/^\d{8,15}$/),
  to: z.string().regex(/^\d{8,15}$/),
  type: z.literal("template"),
  message: z.strictObject({ templateid: z.string().min(1), placeholders: z.array(z.string()) }),
});

const apiKeyOf = (request: TSimRequest) => {
  const value = request.headers.apikey;
  return (Array.isArray(value) ? value[0] : value) ?? null;
};

// SMS reports use the operators' words, WhatsApp's its own.
const WORDS: Record<"sms" | "whatsapp", Partial<Record<TSimOutcome, string[]>>> = {
  sms: { deliver: ["DELIVRD"], transient: ["DELIVRD"], undeliverable: ["UNDELIV"], unsubscribed: ["REJECTD"] },
  whatsapp: { deliver: ["SENT", "DELIVERED", "READ"], transient: ["SENT", "DELIVERED"], undeliverable: ["SENT", "FAILED"], unsubscribed: ["FAILED"] },
};
const ERROR_CODE: Record<string, string> = { UNDELIV: "001", REJECTD: "DND", FAILED: "131026" };

function schedule(kind: "sms" | "whatsapp", account: TSimAccount | undefined, apiKey: string, msgid: string, number: string, heraldMessageId: string | null, outcome: TSimOutcome, context: TSimContext): void {
  if (!account?.webhookUrl) return;
  const report = (word: string) =>
    jsonCallback({
      url: account.webhookUrl!,
      label: `pinnacle:${word}`,
      heraldMessageId,
      userAgent: "Pinnacle-DLR",
      payload: () => ({ msgid, number, status: word, ...(ERROR_CODE[word] && { error_code: ERROR_CODE[word] }), donetime: new Date().toISOString() }),
    });
  if (outcome === "late") {
    const word = kind === "sms" ? "DELIVRD" : "DELIVERED";
    setTimeout(() => context.callbacks.sequence("pinnacle", apiKey, [report(word)]), LATE_DELIVERY_MS).unref();
    return;
  }
  context.callbacks.sequence("pinnacle", apiKey, (WORDS[kind][outcome] ?? WORDS[kind].deliver!).map(report));
}

function authenticate(request: TSimRequest, context: TSimContext): { apiKey: string; account: TSimAccount | undefined } | TSimResponse {
  const apiKey = apiKeyOf(request);
  const account = apiKey ? context.accounts.get("pinnacle", apiKey) : undefined;
  if (!apiKey || account?.disabled) return refuse(401, "Invalid API key", 401);
  return { apiKey, account };
}

function parse<T>(schema: z.ZodType<T>, rawBody: string): { ok: true; body: T } | { ok: false; response: TSimResponse } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, response: refuse(400, "Invalid JSON", 400) };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, response: refuse(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")) };
}

function sendSms(request: TSimRequest, context: TSimContext): TSimResponse {
  const auth = authenticate(request, context);
  if ("status" in auth) return auth;
  const parsed = parse(ZSms, request.rawBody);
  if (!parsed.ok) return parsed.response;
  const { message, reference } = parsed.body;
  const number = message[0]!.number;
  const outcome = outcomeFor(number);
  if (outcome === "invalid_address") return refuse(400, "Invalid mobile number");
  if (outcome === "unsubscribed") return refuse(400, "Number is in DND (do not disturb) registry");
  const msgid = randomUUID().replaceAll("-", "");
  schedule("sms", auth.account, auth.apiKey, msgid, number, reference ?? null, outcome, context);
  return { status: 200, body: { status: "success", code: 200, message: "Message submitted", data: [{ msgid, number }] }, ledger: { heraldMessageId: reference ?? null, providerMessageId: msgid } };
}

function sendWhatsApp(request: TSimRequest, context: TSimContext): TSimResponse {
  const auth = authenticate(request, context);
  if ("status" in auth) return auth;
  const parsed = parse(ZWhatsApp, request.rawBody);
  if (!parsed.ok) return parsed.response;
  const outcome = outcomeFor(parsed.body.to);
  if (outcome === "invalid_address") return refuse(400, "Recipient number is not on WhatsApp");
  const msgid = `wamid.${randomUUID().replaceAll("-", "")}`;
  schedule("whatsapp", auth.account, auth.apiKey, msgid, parsed.body.to, null, outcome, context);
  return { status: 200, body: { status: "success", code: 200, message: "Message accepted", data: { messageid: msgid } }, ledger: { providerMessageId: msgid } };
}

export const pinnacleSim: TSimProvider = {
  id: "pinnacle",
  routes: [
    { method: "POST", pattern: "/index.php/sms/json", operation: "send", handle: sendSms },
    { method: "POST", pattern: "/v1/wamessage/send", operation: "send", handle: sendWhatsApp },
  ],
  accountOf: apiKeyOf,
  errorResponse: (status, _code, message) => refuse(status, message, status),
};
