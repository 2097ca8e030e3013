// Interakt's webhooks: `Interakt-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` [T], and a
// JSON body `{type, timestamp, data: {customer, message}}` [C]. Herald's message id comes back as the
// message's `callback_data`, so a report arriving before the send's answer is still matched.
import { z } from "zod";
import { hasValidHmacSha256 } from "@/server/providers/http/hmac-signature";
import type { TInteraktConfig } from "@/server/providers/interakt/interakt-config";
import { INTERAKT_INBOUND_EVENT, mapInteraktEvent } from "@/server/providers/interakt/interakt-statuses";
import { metaReasonOf } from "@/server/providers/meta/meta-errors";
import { reportedCode } from "@/server/providers/reported-code";
import type { TWebhookEvent, TWebhookRequest } from "@/server/providers/types";

export const INTERAKT_SIGNATURE_HEADER = "interakt-signature";

/** No timestamp is signed, so a replayed call is caught by its event key, not its age. */
export function verifyInteraktWebhook(request: TWebhookRequest, config: TInteraktConfig): boolean {
  return request.method.toUpperCase() === "POST" && hasValidHmacSha256(request.headers.get(INTERAKT_SIGNATURE_HEADER), config.webhookSecret, request.rawBody);
}

const ZEnvelope = z.looseObject({ type: z.string().min(1), timestamp: z.string().optional(), data: z.looseObject({}).optional() });

// What Herald reads of a message; Interakt adds fields freely, so the rest passes.
const ZMessage = z.looseObject({
  id: z.string().min(1),
  callback_data: z.string().nullish(),
  message_status: z.string().nullish(),
  channel_failure_reason: z.string().nullish(),
  channel_error_code: z.union([z.string(), z.number()]).nullish(),
  /** The text of an inbound message. */
  message: z.string().nullish(),
});
const ZCustomer = z.looseObject({ country_code: z.string().nullish(), phone_number: z.string().nullish(), channel_phone_number: z.string().nullish() });

/** The status reports and inbound replies in one call; other events are ignored. Throws on a body that is not Interakt's. */
export function parseInteraktWebhook(request: TWebhookRequest): TWebhookEvent[] {
  const envelope = ZEnvelope.safeParse(parseJson(request.rawBody));
  if (!envelope.success) throw new Error(`Interakt webhook: expected {type, data} (${z.prettifyError(envelope.error).replaceAll("\n", " ")})`);
  const { type, timestamp, data } = envelope.data;
  const status = mapInteraktEvent(type);
  if (!status && type !== INTERAKT_INBOUND_EVENT) return [];
  const message = ZMessage.safeParse(data?.message);
  if (!message.success) throw new Error(`Interakt webhook: ${type} without a readable data.message (${z.prettifyError(message.error).replaceAll("\n", " ")})`);
  const at = timestamp && !Number.isNaN(Date.parse(timestamp)) ? new Date(timestamp) : new Date();
  const { id, callback_data: heraldMessageId, channel_failure_reason: reason, channel_error_code: code } = message.data;

  if (!status) {
    const text = message.data.message;
    const from = customerNumber(data?.customer);
    return text && from ? [{ kind: "inbound", eventKey: `inbound:${id}`, from, to: "", body: text }] : [];
  }
  const errorCode = status === "FAILED" ? String(code ?? reason ?? "failed") : undefined;
  return [
    {
      kind: "status",
      // One message has one event of each type: Interakt's retries of it carry the same pair.
      eventKey: `${type}:${id}`,
      report: {
        providerMessageId: id,
        status,
        at,
        ...(heraldMessageId && { heraldMessageId }),
        // WhatsApp's own code, passed on: Meta's table gives Herald's reason, as for Meta's refusals.
        ...reportedCode(errorCode, metaReasonOf),
        ...(status === "FAILED" && reason && { errorMessage: reason }),
      },
    },
  ];
}

/** The patient's number in E.164, from country code and number (or the channel number, digits with the code). */
function customerNumber(raw: unknown): string | null {
  const customer = ZCustomer.safeParse(raw);
  if (!customer.success) return null;
  const { country_code: countryCode, phone_number: phone, channel_phone_number: channel } = customer.data;
  if (countryCode && phone) return `+${countryCode.replace(/\D/g, "")}${phone.replace(/\D/g, "")}`;
  return channel ? `+${channel.replace(/\D/g, "")}` : null;
}

function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new Error("Interakt webhook: the body is not JSON");
  }
}
