import type { Channel } from "@/generated/prisma/enums";
import { newId } from "@/server/db/new-id";
import type { TContactForSend } from "@/server/domain/notifications";
import { decideChannel, type TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";
import type { TOutboxEvent, TOutboxMessage } from "@/server/services/notifications/plan-messages";
import { maskOtpCode } from "@/server/services/otp/otp-code";
import { sealMessageContent } from "@/server/services/otp/sealed-content";

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
  message: TOutboxMessage;
  /** The content as rendered, sealed; null for a skipped channel, which carries no content. */
  sealedContent: string | null;
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
  const mask = maskOtpCode(code);
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
  const masked = (text: string | null | undefined) => (text ? text.replaceAll(code, mask) : null);
  const shownVariables = { ...variables, otpCode: mask };
  const base = {
    id,
    contactId: recipient.id || (null as unknown as string),
    triggerKey: trigger.key,
    channel,
    category: trigger.category,
    critical: true,
    variables: shownVariables,
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
    };
    const event = { id: newId(), messageId: id, type: "skipped", status: "SKIPPED" as const, detail: { requestId: challengeId, reason: decision.skipReason, ...decision.detail } };
    return { message, sealedContent: null, event, skipReason: decision.skipReason };
  }
  const { rendered } = decision;
  const message: TOutboxMessage = {
    ...base,
    status: "QUEUED",
    skipReason: null,
    to: decision.to,
    subject: masked(rendered.subject),
    body: masked(rendered.body),
    html: masked(rendered.html),
    text: masked(rendered.text),
    segments: rendered.segments ?? null,
    encoding: rendered.encoding ?? null,
  };
  const sealedContent = sealMessageContent(id, {
    subject: rendered.subject ?? null,
    body: rendered.body ?? null,
    html: rendered.html ?? null,
    text: rendered.text ?? null,
    variables,
  });
  const event = {
    id: newId(),
    messageId: id,
    type: "queued",
    status: "QUEUED" as const,
    detail: { requestId: challengeId, templateVersionId: decision.template.versionId, language: decision.template.language, otpChallengeId: challengeId },
  };
  return { message, sealedContent, event, skipReason: null };
}
