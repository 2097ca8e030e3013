import type { Channel } from "@/generated/prisma/enums";
import { newId } from "@/server/db/new-id";
import type { TContactForSend } from "@/server/domain/notifications";
import { decideChannel, type TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";
import type { TOutboxEvent, TOutboxMessage } from "@/server/services/notifications/plan-messages";
import { maskOtpContent } from "@/server/services/otp/mask-otp-content";

export type TPlanOtpMessageOptions = {
  challengeId: string;
  code: string;
  channel: Channel;
  /** An address for this channel: the phone for SMS and WhatsApp, the email for EMAIL. */
  lab: TLabForSend & { name: string };
  recipient: TContactForSend;
  context: TSendContext;
  language?: string | null;
  expiresAt: Date;
  now: Date;
};

export type TPlannedOtpMessage = {
  /** Its sealedContent is the content as rendered, sealed; null for a skipped channel, which carries no content. */
  message: TOutboxMessage;
  event: TOutboxEvent;
  skipReason: string | null;
};

/**
 * One OTP message, through the send flow's own rules (trigger enabled, hard stop, consent, template,
 * address, suppression; OTPs are critical, so opt-outs and quiet hours do not hold them). The code
 * reaches the plain columns only masked; the rendered content travels sealed, for the provider call.
 */
export function planOtpMessage(options: TPlanOtpMessageOptions): TPlannedOtpMessage {
  const { challengeId, code, channel, lab, recipient, context, expiresAt, now } = options;
  const trigger = context.triggers.get("OTP");
  if (!trigger) throw new Error("the OTP trigger is not in the catalogue: run sync-templates");
  const variables = { otpCode: code, expiresInMinutes: Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 60_000)), labName: lab.name };
  const decision = decideChannel({
    channel,
    trigger,
    enabledChannels: context.enabledChannels.get("OTP") ?? new Set(),
    lab,
    contact: recipient,
    candidates: context.candidates,
    variables,
    language: options.language ?? undefined,
    now,
  });
  const id = newId();
  const content = maskOtpContent(id, code, decision.status === "SKIPPED" ? null : decision.rendered, variables);
  const base = {
    id,
    contactId: recipient.id || (null as unknown as string),
    triggerKey: trigger.key,
    channel,
    category: trigger.category,
    critical: true,
    variables: content.variables,
    idempotencyKey: null,
    templateVersionId: decision.template?.versionId ?? null,
    language: decision.template?.language ?? null,
    sendAt: null,
  };
  if (decision.status === "SKIPPED") {
    const message: TOutboxMessage = {
      ...base,
      status: "SKIPPED",
      skipReason: decision.skipReason,
      to: decision.to ?? null,
      subject: null,
      body: null,
      html: null,
      text: null,
      segments: null,
      encoding: null,
      sealedContent: null,
    };
    const event = { id: newId(), messageId: id, type: "skipped", status: "SKIPPED" as const, detail: { requestId: challengeId, reason: decision.skipReason, ...decision.detail } };
    return { message, event, skipReason: decision.skipReason };
  }
  const { rendered } = decision;
  const message: TOutboxMessage = {
    ...base,
    status: "QUEUED",
    skipReason: null,
    to: decision.to,
    ...content.columns,
    segments: rendered.segments ?? null,
    encoding: rendered.encoding ?? null,
    sealedContent: content.sealedContent,
  };
  const event = {
    id: newId(),
    messageId: id,
    type: "queued",
    status: "QUEUED" as const,
    detail: { requestId: challengeId, templateVersionId: decision.template.versionId, language: decision.template.language, otpChallengeId: challengeId },
  };
  return { message, event, skipReason: null };
}
