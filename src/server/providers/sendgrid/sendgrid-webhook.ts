// SendGrid's signed Event Webhook: ECDSA P-256 over timestamp + raw body, verified with the
// account's verification key; its body is a JSON array of events.
import { createHash } from "node:crypto";
import { EventWebhook, EventWebhookHeader } from "@sendgrid/eventwebhook";
import { z } from "zod";
import { mapSendGridEvent } from "@/server/providers/sendgrid/sendgrid-statuses";
import type { TWebhookEvent, TWebhookRequest } from "@/server/providers/types";

export const SENDGRID_SIGNATURE_HEADER = EventWebhookHeader.SIGNATURE();
export const SENDGRID_TIMESTAMP_HEADER = EventWebhookHeader.TIMESTAMP();

/** SendGrid's own tolerance is unstated; a signature older than this is refused as a replay. */
const MAX_AGE_MS = 10 * 60_000;
/** Clocks drift; a timestamp further ahead than this was not made by SendGrid just now. */
const MAX_FUTURE_MS = 5 * 60_000;

const eventWebhook = new EventWebhook();
type TPublicKey = ReturnType<EventWebhook["convertPublicKeyToECDSA"]>;
// Converting a key costs more than verifying with it; a few per account at most.
const MAX_KEYS = 200;
const publicKeys = new Map<string, TPublicKey>();

function publicKeyFor(base64Key: string): TPublicKey {
  const cached = publicKeys.get(base64Key);
  if (cached) return cached;
  const key = eventWebhook.convertPublicKeyToECDSA(base64Key);
  if (publicKeys.size >= MAX_KEYS) publicKeys.delete(publicKeys.keys().next().value!);
  publicKeys.set(base64Key, key);
  return key;
}

/** True when the request carries a valid signature by this key, made within the allowed window around `now`. */
export function verifySendGridWebhook(request: TWebhookRequest, webhookPublicKey: string, now: Date): boolean {
  const signature = request.headers.get(SENDGRID_SIGNATURE_HEADER);
  const timestamp = request.headers.get(SENDGRID_TIMESTAMP_HEADER);
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const ageMs = now.getTime() - Number(timestamp) * 1000;
  if (ageMs > MAX_AGE_MS || ageMs < -MAX_FUTURE_MS) return false;
  try {
    return eventWebhook.verifySignature(publicKeyFor(webhookPublicKey), request.rawBody, signature, timestamp);
  } catch {
    // A signature that is not base64 DER, or a key that is not one: not signed by this account.
    return false;
  }
}

// What Herald reads of an event; SendGrid adds fields (and custom args) freely, so the rest passes.
const ZSendGridEvent = z.looseObject({
  event: z.string().min(1),
  email: z.string().min(1),
  timestamp: z.number().int().nonnegative(),
  sg_event_id: z.string().min(1).optional(),
  sg_message_id: z.string().min(1).optional(),
  reason: z.string().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
});
type TSendGridEvent = z.infer<typeof ZSendGridEvent>;

const ZEventEnvelope = z.array(z.looseObject({ event: z.string().min(1) }));

/** The id X-Message-Id gave at send: sg_message_id is "<X-Message-Id>.<filter and queue parts>". */
export function providerMessageIdOf(sgMessageId: string): string {
  return sgMessageId.split(".")[0]!;
}

function eventKeyOf(event: TSendGridEvent): string {
  // sg_event_id is SendGrid's own id, kept across its retries; an event without one is keyed by its content.
  return event.sg_event_id ?? `sha256:${createHash("sha256").update(JSON.stringify(event)).digest("hex")}`;
}

function toWebhookEvent(event: TSendGridEvent): TWebhookEvent | null {
  const mapping = mapSendGridEvent(event);
  if (!mapping) return null;
  const eventKey = eventKeyOf(event);
  const providerMessageId = event.sg_message_id ? providerMessageIdOf(event.sg_message_id) : undefined;
  const suppress = mapping.suppress ? { address: event.email, reason: mapping.suppress } : undefined;
  if (mapping.status && providerMessageId) {
    const failed = mapping.status === "UNDELIVERED" || mapping.status === "FAILED";
    const errorCode = failed ? (event.status ?? event.type ?? event.event) : undefined;
    const report = {
      providerMessageId,
      status: mapping.status,
      at: new Date(event.timestamp * 1000),
      ...(errorCode && { errorCode }),
      ...(failed && event.reason && { errorMessage: event.reason }),
    };
    return { kind: "status", eventKey, report, ...(suppress && { suppress }) };
  }
  if (suppress) return { kind: "suppress", eventKey, ...suppress, ...(providerMessageId && { providerMessageId }) };
  return null;
}

/** The events Herald tracks in one webhook call, in SendGrid's order. Throws on a body that is not SendGrid's. */
export function parseSendGridWebhook(request: TWebhookRequest): TWebhookEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    throw new Error("SendGrid webhook: expected a JSON array of events");
  }
  const envelope = ZEventEnvelope.safeParse(json);
  if (!envelope.success) throw new Error(`SendGrid webhook: expected a JSON array of events with an "event" name: ${z.prettifyError(envelope.error)}`);
  return envelope.data.flatMap((raw, index) => {
    if (!mapSendGridEvent(raw as { event: string })) return [];
    const parsed = ZSendGridEvent.safeParse(raw);
    if (!parsed.success) throw new Error(`SendGrid webhook: event ${index} (${raw.event}) is malformed: ${z.prettifyError(parsed.error)}`);
    const event = toWebhookEvent(parsed.data);
    return event ? [event] : [];
  });
}
