// Resend's webhooks, delivered by Svix: verify the signature, then turn the email.* events Herald
// tracks into status reports and suppressions.
import { z } from "zod";
import type { TResendConfig } from "@/server/providers/resend/resend-config";
import { isTrackedEvent, RESEND_STATUS_BY_EVENT } from "@/server/providers/resend/resend-statuses";
import { hasValidSvixSignature } from "@/server/providers/resend/svix-signature";
import type { TStatusReport, TSuppressionReason, TWebhookEvent, TWebhookRequest } from "@/server/providers/types";

/** Svix refuses a timestamp further than this from now either way, against replays. */
export const RESEND_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export function verifyResendWebhook(request: TWebhookRequest, config: TResendConfig, now: Date): boolean {
  const id = request.headers.get("svix-id");
  const timestamp = request.headers.get("svix-timestamp");
  const signature = request.headers.get("svix-signature");
  if (!id || !timestamp || !signature) return false;
  // Fresh by the clock (as Svix's own check) and by the `now` delivery passes: a replay is refused.
  const sentAt = Number(timestamp) * 1000;
  const fresh = (at: number) => Math.abs(at - sentAt) <= RESEND_WEBHOOK_TOLERANCE_MS;
  if (!Number.isFinite(sentAt) || !fresh(now.getTime()) || !fresh(Date.now())) return false;
  return hasValidSvixSignature(config.webhookSecret, id, timestamp, signature, request.rawBody);
}

const ZEnvelope = z.object({ type: z.string().min(1), created_at: z.string().min(1), data: z.record(z.string(), z.unknown()) });

const ZEmailEventData = z.object({
  email_id: z.string().min(1),
  to: z.union([z.string().min(1).transform((to) => [to]), z.array(z.string().min(1))]),
  bounce: z.object({ type: z.string(), subType: z.string().optional(), message: z.string().optional() }).optional(),
  failed: z.object({ reason: z.string() }).optional(),
  suppressed: z.object({ reason: z.string().optional(), type: z.string().optional(), message: z.string().optional() }).optional(),
  /** The send's tags, by name: Herald's "message_id" names the message before its email id is written. */
  tags: z.record(z.string(), z.unknown()).optional(),
});
type TEmailEventData = z.output<typeof ZEmailEventData>;

/** Throws on a body that is not a Resend event; ignores events Herald does not track. */
export function parseResendWebhook(request: TWebhookRequest): TWebhookEvent[] {
  const svixId = request.headers.get("svix-id");
  if (!svixId) throw new Error("resend webhook: the svix-id header is missing");
  const envelope = ZEnvelope.safeParse(parseJson(request.rawBody));
  if (!envelope.success) throw new Error(`resend webhook: not a Resend event (${z.prettifyError(envelope.error).replaceAll("\n", " ")})`);
  const { type, created_at: createdAt } = envelope.data;
  if (!isTrackedEvent(type)) return [];
  const data = ZEmailEventData.safeParse(envelope.data.data);
  if (!data.success) throw new Error(`resend webhook: malformed ${type} data (${z.prettifyError(data.error).replaceAll("\n", " ")})`);
  const at = new Date(createdAt);
  if (Number.isNaN(at.getTime())) throw new Error(`resend webhook: created_at "${createdAt}" is not a date`);

  const status = RESEND_STATUS_BY_EVENT[type];
  // Keys are given once the count is known.
  const found: TWebhookEvent[] = [];
  const heraldMessageId = data.data.tags?.message_id;
  if (status) {
    found.push({
      kind: "status",
      eventKey: "",
      report: { providerMessageId: data.data.email_id, status, at, ...errorOf(type, data.data), ...(typeof heraldMessageId === "string" && heraldMessageId && { heraldMessageId }) },
    });
  }
  const reason = suppressionOf(type, data.data);
  if (reason) {
    for (const address of data.data.to) found.push({ kind: "suppress", eventKey: "", address: bareAddress(address), reason, providerMessageId: data.data.email_id });
  }
  // One Svix message is one event; several Herald events from it are told apart by their index.
  return found.map((event, index) => ({ ...event, eventKey: found.length === 1 ? svixId : `${svixId}:${index}` }));
}

function errorOf(type: string, data: TEmailEventData): Pick<TStatusReport, "errorCode" | "errorMessage"> {
  if (type === "email.bounced" && data.bounce) {
    return { errorCode: `bounce_${data.bounce.type}${data.bounce.subType ? `_${data.bounce.subType}` : ""}`.toLowerCase(), ...(data.bounce.message && { errorMessage: data.bounce.message }) };
  }
  if (type === "email.failed") return { errorCode: data.failed?.reason ?? "failed" };
  if (type === "email.suppressed") {
    return { errorCode: `suppressed_${data.suppressed?.reason ?? "unknown"}`, ...(data.suppressed?.message && { errorMessage: data.suppressed.message }) };
  }
  return {};
}

function suppressionOf(type: string, data: TEmailEventData): TSuppressionReason | null {
  // Only a hard bounce means the address is gone; a transient one (full mailbox) may work tomorrow.
  if (type === "email.bounced") return data.bounce?.type === "Permanent" ? "hard_bounce" : null;
  if (type === "email.complained") return "complaint";
  if (type === "email.suppressed") return "provider_unsubscribed";
  return null;
}

/** "Name <a@b.c>" -> "a@b.c", lower-cased as Herald keeps addresses. */
function bareAddress(address: string): string {
  return (/<([^<>]+)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase();
}

function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new Error("resend webhook: the body is not JSON");
  }
}
