// Twilio's status callbacks and inbound messages: form-encoded POSTs signed with the account's auth token.
import twilio from "twilio";
import { withoutChannelPrefix } from "@/server/providers/twilio/twilio-config";
import { reportedCode } from "@/server/providers/reported-code";
import { twilioErrorDescription, twilioReasonOf } from "@/server/providers/twilio/twilio-errors";
import { segmentsOf } from "@/server/providers/twilio/twilio-message";
import { mapTwilioStatus } from "@/server/providers/twilio/twilio-statuses";
import type { TWebhookEvent, TWebhookRequest } from "@/server/providers/types";

/** Twilio expects TwiML in answer; an empty Response sends no reply to an inbound message. */
export const TWILIO_WEBHOOK_ANSWER = { contentType: "text/xml", body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };

/** The recipient replied STOP: Twilio blocks further messages to this number from the sender. */
const UNSUBSCRIBED_CODE = "21610";

/** The POST parameters as Twilio signs them: repeated names (MediaUrl0 aside, rare) become arrays. */
function formParams(rawBody: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawBody)) {
    const previous = params[name];
    params[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return params;
}

/**
 * X-Twilio-Signature is base64(HMAC-SHA1(authToken, url + each POST parameter's name and value,
 * sorted by name)). The URL must be the one Twilio called, query included: the status callback
 * URL the adapter sent, or the inbound webhook URL configured on the number or service.
 */
export function verifyTwilioSignature(request: TWebhookRequest, authToken: string): boolean {
  const signature = request.headers.get("x-twilio-signature");
  if (!signature || request.method.toUpperCase() !== "POST") return false;
  return twilio.validateRequest(authToken, signature, request.url, formParams(request.rawBody));
}

/** Status callbacks become status events (21610 also suppresses the number); inbound messages, inbound events. */
export function parseTwilioWebhook(request: TWebhookRequest): TWebhookEvent[] {
  const contentType = request.headers.get("content-type");
  if (contentType && !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new Error(`Twilio webhook: expected a form-encoded body, got ${contentType}`);
  }
  const params = new URLSearchParams(request.rawBody);
  const sid = params.get("MessageSid") ?? params.get("SmsSid");
  if (!sid) throw new Error("Twilio webhook: expected a MessageSid parameter");
  const status = params.get("MessageStatus") ?? params.get("SmsStatus");
  const body = params.get("Body");
  if (status === null) throw new Error("Twilio webhook: expected MessageStatus (a status callback) or SmsStatus=received with a Body (an inbound message)");
  if (status === "received") return body === null ? [] : [inboundEvent(sid, params, body)];

  const mapped = mapTwilioStatus(status);
  if (!mapped) return [];
  const errorCode = params.get("ErrorCode") || undefined;
  // Twilio's callbacks carry the code alone: its message is the one it documents for that code.
  const errorMessage = params.get("ErrorMessage") || twilioErrorDescription(errorCode);
  const segments = segmentsOf(params.get("NumSegments"));
  const to = params.get("To");
  // Herald gave each message its own callback URL (?m=<message id>), covered by the signature.
  const heraldMessageId = new URL(request.url).searchParams.get("m") ?? undefined;
  const event: TWebhookEvent = {
    kind: "status",
    eventKey: `${sid}:${status}:${errorCode ?? ""}`,
    report: {
      providerMessageId: sid,
      status: mapped,
      at: new Date(),
      ...(heraldMessageId && { heraldMessageId }),
      ...reportedCode(errorCode, twilioReasonOf),
      ...(errorMessage && { errorMessage }),
      ...(segments !== undefined && { segments }),
    },
    ...(errorCode === UNSUBSCRIBED_CODE && to && { suppress: { address: withoutChannelPrefix(to), reason: "provider_unsubscribed" as const } }),
  };
  return [event];
}

function inboundEvent(sid: string, params: URLSearchParams, body: string): TWebhookEvent {
  const from = params.get("From");
  const to = params.get("To");
  if (!from || !to) throw new Error("Twilio webhook: an inbound message needs From and To");
  return { kind: "inbound", eventKey: sid, from: withoutChannelPrefix(from), to: withoutChannelPrefix(to), body };
}
