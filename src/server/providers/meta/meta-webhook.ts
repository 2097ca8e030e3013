// Meta's webhooks for a WhatsApp Business Account: signed with the app secret (X-Hub-Signature-256,
// hex HMAC-SHA256 of the raw body), one JSON body of entries and changes holding message statuses
// (sent, delivered, read, failed with errors[]) and inbound messages (patients' replies: STOP).
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { metaReasonOf } from "@/server/providers/meta/meta-errors";
import { reportedCode } from "@/server/providers/reported-code";
import type { TProviderStatus, TWebhookEvent, TWebhookRequest, TWebhookVerification } from "@/server/providers/types";

export const META_SIGNATURE_HEADER = "x-hub-signature-256";

export function metaSignature(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody, "utf8").digest("hex")}`;
}

export function verifyMetaWebhook(request: TWebhookRequest, appSecret: string): boolean {
  const given = request.headers.get(META_SIGNATURE_HEADER) ?? "";
  if (!/^sha256=[0-9a-f]{64}$/i.test(given)) return false;
  const expected = Buffer.from(metaSignature(appSecret, request.rawBody), "utf8");
  return timingSafeEqual(Buffer.from(given.toLowerCase(), "utf8"), expected);
}

/** The GET handshake: echo hub.challenge when the mode is subscribe and the verify token is the account's. */
export function answerMetaVerification({ query }: TWebhookVerification, verifyToken: string): string | null {
  const given = query.get("hub.verify_token") ?? "";
  const challenge = query.get("hub.challenge");
  if (query.get("hub.mode") !== "subscribe" || !challenge || given.length !== verifyToken.length) return null;
  return timingSafeEqual(Buffer.from(given), Buffer.from(verifyToken)) ? challenge : null;
}

const STATUSES: Readonly<Record<string, TProviderStatus>> = { sent: "SENT", delivered: "DELIVERED", read: "READ", failed: "FAILED" };

const ZStatus = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: z.string().regex(/^\d{1,12}$/),
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().int(), title: z.string().optional(), message: z.string().optional(), error_data: z.looseObject({ details: z.string().optional() }).optional() })).optional(),
});
const ZInbound = z.looseObject({ id: z.string().min(1), from: z.string().min(1), timestamp: z.string().optional(), type: z.string(), text: z.looseObject({ body: z.string() }).optional(), button: z.looseObject({ text: z.string() }).optional() });
const ZPayload = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(
        z.looseObject({
          field: z.string(),
          value: z.looseObject({
            metadata: z.looseObject({ display_phone_number: z.string().optional(), phone_number_id: z.string().optional() }).optional(),
            statuses: z.array(ZStatus).optional(),
            messages: z.array(ZInbound).optional(),
          }),
        }),
      ),
    }),
  ),
});

const e164 = (digits: string) => (digits.startsWith("+") ? digits : `+${digits}`);

function statusEvent(status: z.infer<typeof ZStatus>): TWebhookEvent | null {
  const mapped = Object.hasOwn(STATUSES, status.status) ? STATUSES[status.status]! : null;
  if (!mapped) return null;
  const error = status.errors?.[0];
  const report = {
    providerMessageId: status.id,
    status: mapped,
    at: new Date(Number(status.timestamp) * 1000),
    ...(error && { ...reportedCode(String(error.code), metaReasonOf), errorMessage: [error.title ?? error.message, error.error_data?.details].filter(Boolean).join(": ") }),
    ...(status.biz_opaque_callback_data && { heraldMessageId: status.biz_opaque_callback_data }),
  };
  // Meta repeats a webhook until it is answered 200: the message and its status identify it.
  return { kind: "status", eventKey: `meta:${status.id}:${status.status}`, report };
}

/** Statuses and text replies, in Meta's order; anything else (templates' quality, other fields) is left out. */
export function parseMetaWebhook(request: TWebhookRequest): TWebhookEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    throw new Error("WhatsApp webhook: expected a JSON body");
  }
  const parsed = ZPayload.safeParse(json);
  if (!parsed.success) throw new Error(`WhatsApp webhook: expected a whatsapp_business_account payload: ${z.prettifyError(parsed.error)}`);
  const events: TWebhookEvent[] = [];
  for (const change of parsed.data.entry.flatMap((e) => e.changes)) {
    if (change.field !== "messages") continue;
    for (const status of change.value.statuses ?? []) {
      const event = statusEvent(status);
      if (event) events.push(event);
    }
    const to = change.value.metadata?.display_phone_number ?? "";
    for (const message of change.value.messages ?? []) {
      // A quick-reply button (e.g. a template's "Stop" button) counts as its text.
      const body = message.text?.body ?? message.button?.text;
      if (body === undefined) continue;
      events.push({ kind: "inbound", eventKey: `meta:in:${message.id}`, from: e164(message.from), to: to ? e164(to) : "", body });
    }
  }
  return events;
}
