// Interakt's public Message API as the simulator speaks it: Basic auth with the account's API key,
// the template message body, `{result, message, id}` answers, and HMAC-signed webhooks
// (Interakt-Signature) with the message's callback_data, plus inbound replies.
import { createHmac, randomUUID } from "node:crypto";
import { z } from "zod";
import { jsonCallback, type TStatusStep } from "../json-callbacks";
import { LATE_DELIVERY_MS, outcomeFor } from "../outcomes";
import type { TSimAccount, TSimContext, TSimInbound, TSimProvider, TSimRequest, TSimResponse } from "../types";

const fail = (status: number, message: string): TSimResponse => ({ status, body: { result: false, message } });

const ZMessageBody = z.strictObject({
  countryCode: z.string().regex(/^\+\d{1,4}$/, "countryCode must be + and the country's calling code"),
  phoneNumber: z.string().regex(/^\d{4,14}$/, "phoneNumber must be the national number, digits only"),
  callbackData: z.string().max(512).optional(),
  type: z.literal("Template"),
  template: z.strictObject({
    name: z.string().min(1),
    languageCode: z.string().min(2),
    headerValues: z.array(z.string()).optional(),
    bodyValues: z.array(z.string()).optional(),
    buttonValues: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

function apiKeyOf(request: TSimRequest): string | null {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  return /^Basic\s+(\S+)$/i.exec(value ?? "")?.[1] ?? null;
}

const sign = (secret: string | undefined) => (body: string) => ({ "interakt-signature": `sha256=${createHmac("sha256", secret ?? "").update(body).digest("hex")}` });

const STEPS: Record<string, TStatusStep[]> = {
  deliver: [{ status: "sent" }, { status: "delivered" }, { status: "read" }],
  transient: [{ status: "sent" }, { status: "delivered" }],
  undeliverable: [{ status: "sent" }, { status: "failed", error: { code: "131026", reason: "Message undeliverable" } }],
  unsubscribed: [{ status: "failed", error: { code: "131050", reason: "The user has stopped receiving messages from this business" } }],
};

const EVENT: Record<TStatusStep["status"], string> = { sent: "message_api_sent", delivered: "message_api_delivered", read: "message_api_read", failed: "message_api_failed" };

function statusCallbacks(account: TSimAccount, message: { id: string; callbackData: string | null; countryCode: string; phoneNumber: string }, steps: TStatusStep[]) {
  return steps.map((step) =>
    jsonCallback({
      url: account.webhookUrl!,
      label: `interakt:${EVENT[step.status]}`,
      heraldMessageId: message.callbackData,
      userAgent: "Interakt-Webhook",
      sign: sign(account.webhookSecret),
      payload: () => ({
        timestamp: new Date().toISOString(),
        type: EVENT[step.status],
        data: {
          customer: { id: randomUUID(), channel_phone_number: `${message.countryCode.slice(1)}${message.phoneNumber}`, phone_number: message.phoneNumber, country_code: message.countryCode },
          message: {
            id: message.id,
            chat_message_type: "CustomerMessage",
            message_status: step.status[0]!.toUpperCase() + step.status.slice(1),
            is_template_message: true,
            callback_data: message.callbackData,
            channel_failure_reason: step.error?.reason ?? null,
            channel_error_code: step.error?.code ?? null,
            received_at_utc: new Date().toISOString(),
          },
        },
      }),
    }),
  );
}

function sendMessage(request: TSimRequest, context: TSimContext): TSimResponse {
  const apiKey = apiKeyOf(request);
  const account = apiKey ? context.accounts.get("interakt", apiKey) : undefined;
  if (!apiKey || account?.disabled || (account?.secret && account.secret !== apiKey)) return fail(401, "Invalid API key");
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    return fail(400, "Request body must be JSON");
  }
  const parsed = ZMessageBody.safeParse(json);
  if (!parsed.success) return fail(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const body = parsed.data;
  const outcome = outcomeFor(`${body.countryCode}${body.phoneNumber}`);
  if (outcome === "invalid_address") return fail(400, "Invalid phone number: not a WhatsApp user");
  const id = randomUUID();
  const callbackData = body.callbackData ?? null;
  if (account?.webhookUrl) {
    const message = { id, callbackData, countryCode: body.countryCode, phoneNumber: body.phoneNumber };
    if (outcome === "late") {
      context.callbacks.sequence("interakt", apiKey, statusCallbacks(account, message, [{ status: "sent" }]));
      setTimeout(() => context.callbacks.sequence("interakt", apiKey, statusCallbacks(account, message, [{ status: "delivered" }])), LATE_DELIVERY_MS).unref();
    } else {
      context.callbacks.sequence("interakt", apiKey, statusCallbacks(account, message, STEPS[outcome] ?? STEPS.deliver!));
    }
  }
  return { status: 201, body: { result: true, message: "Message created successfully", id }, ledger: { heraldMessageId: callbackData, providerMessageId: id } };
}

async function inbound(input: TSimInbound, context: TSimContext): Promise<void> {
  const account = context.accounts.get("interakt", input.account);
  if (!account?.webhookUrl) throw new Error(`interakt account ${input.account} has no webhookUrl`);
  const digits = input.from.replace(/\D/g, "");
  const id = randomUUID();
  context.callbacks.send(
    jsonCallback({
      url: account.webhookUrl,
      label: "interakt:message_received",
      heraldMessageId: null,
      userAgent: "Interakt-Webhook",
      sign: sign(account.webhookSecret),
      payload: () => ({
        timestamp: new Date().toISOString(),
        type: "message_received",
        // Interakt's customer carries the calling code apart; the simulator takes the last 10 digits as the national number.
        data: {
          customer: { id: randomUUID(), channel_phone_number: digits, country_code: `+${digits.slice(0, -10)}`, phone_number: digits.slice(-10) },
          message: { id, chat_message_type: "CustomerMessage", message_content_type: "Text", message: input.body, received_at_utc: new Date().toISOString() },
        },
      }),
    }),
  );
}

export const interaktSim: TSimProvider = {
  id: "interakt",
  routes: [{ method: "POST", pattern: "/v1/public/message/", operation: "send", handle: sendMessage }],
  accountOf: apiKeyOf,
  errorResponse: (status, _code, message) => fail(status, message),
  inbound,
};
