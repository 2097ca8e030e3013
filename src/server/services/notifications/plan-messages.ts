import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import type { TDispatchRequest } from "@/server/services/delivery/enqueue-dispatch";
import type { TContactForSend, TSkipReason } from "@/server/domain/notifications";
import type { TChannelOutcome, TItemOutcome, TSendItem } from "@/server/domain/send";
import { decideChannel, type TChannelDecision, type TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";
import { newId } from "@/server/db/new-id";
import { maskOtpContent, otpCodeOf, type TVariables } from "@/server/services/otp/mask-otp-content";

export type TPlannedItem = {
  item: TSendItem;
  contact: TContactForSend;
  /** What the templates render and the message keeps, when not the item's own variables (a partner's message). */
  variables?: Record<string, unknown>;
  /** Every channel is skipped for this reason (the partner informs its own patients). */
  withheld?: TSkipReason;
  /** The item's own request, when it is not the call's (single sends written together). */
  requestId?: string;
};

export type TPlanMessagesOptions = {
  lab: TLabForSend;
  requestId: string;
  /** The key recorded on messages of items without their own. */
  batchKey?: string;
  items: TPlannedItem[];
  context: TSendContext;
  verifiedAddresses?: ReadonlySet<string>;
  now: Date;
};

/** A new outbox row: the columns the send flow sets (the rest keep their defaults). */
export type TOutboxMessage = {
  id: string;
  contactId: string;
  triggerKey: string;
  channel: Channel;
  language: string | null;
  category: string;
  critical: boolean;
  status: MessageStatus;
  skipReason: string | null;
  to: string | null;
  templateVersionId: string | null;
  subject: string | null;
  body: string | null;
  html: string | null;
  text: string | null;
  variables: Record<string, unknown>;
  segments: number | null;
  encoding: string | null;
  sendAt: Date | null;
  idempotencyKey: string | null;
  /** The request that wrote it, when not the call's. */
  requestId?: string;
  /** The content as rendered, sealed, where the plain columns hold it masked (a one-time code's). */
  sealedContent?: string | null;
};

/** A message's first event, written with it. */
export type TOutboxEvent = { id: string; messageId: string; type: string; status: MessageStatus; detail: Record<string, unknown> };

export type TMessagePlan = {
  messages: TOutboxMessage[];
  events: TOutboxEvent[];
  /** One per item, in the items' order. */
  outcomes: TItemOutcome[];
  /** Messages for delivery to pick up once the transaction commits. */
  dispatch: TDispatchRequest[];
};

const EVENT_TYPE = { SKIPPED: "skipped", QUEUED: "queued", SCHEDULED: "scheduled" } as const;

/**
 * Decides every channel of every item and lays out the rows to write: one
 * message per channel (skipped ones too, so the decision stays on record) and
 * its first event. Ids are made here so events can point at their messages
 * and the whole batch goes to the database in two inserts.
 */
export function planMessages({ lab, requestId: callRequestId, batchKey, items, context, verifiedAddresses, now }: TPlanMessagesOptions): TMessagePlan {
  const plan: TMessagePlan = { messages: [], events: [], outcomes: [], dispatch: [] };
  for (const { item, contact, variables = item.variables, withheld, requestId = callRequestId } of items) {
    const trigger = context.triggers.get(item.trigger)!;
    const enabledChannels = context.enabledChannels.get(trigger.key) ?? new Set<Channel>();
    const channels: TChannelOutcome[] = [];
    for (const channel of item.channels ?? trigger.channels) {
      const decision = decideChannel({
        channel,
        trigger,
        enabledChannels,
        lab,
        contact,
        verifiedAddresses,
        candidates: context.candidates,
        variables,
        withheld,
        language: item.language,
        sendAt: item.sendAt,
        now,
      });
      const id = newId();
      const message: TOutboxMessage = {
        id,
        contactId: contact.id,
        triggerKey: trigger.key,
        channel,
        category: trigger.category,
        critical: trigger.critical,
        variables,
        idempotencyKey: item.idempotencyKey ?? batchKey ?? null,
        ...(requestId !== callRequestId && { requestId }),
        ...contentOf(decision),
      };
      plan.messages.push(sealedIfSecret(message, decision));
      plan.events.push({ id: newId(), messageId: id, type: EVENT_TYPE[decision.status], status: decision.status, detail: detailOf(decision, requestId) });
      if (decision.status !== "SKIPPED") plan.dispatch.push({ id, labId: lab.id, channel, sendAt: decision.sendAt ?? null, ...(trigger.key === "OTP" && { lane: "otp" as const }) });
      channels.push({
        channel,
        messageId: id,
        status: EVENT_TYPE[decision.status],
        reason: decision.status === "SKIPPED" ? decision.skipReason : decision.scheduledFor,
        sendAt: decision.status === "SKIPPED" ? null : (decision.sendAt?.toISOString() ?? null),
      });
    }
    plan.outcomes.push({ requestId, contactId: contact.id, externalId: contact.externalId, channels });
  }
  return plan;
}

/**
 * A one-time code the caller made (the OTP trigger's otpCode) never rests in plain columns: they
 * keep the rendering masked, the provider gets the sealed one, erased once it has accepted it.
 */
function sealedIfSecret(message: TOutboxMessage, decision: TChannelDecision): TOutboxMessage {
  // The OTP trigger's variables are scalars (a partner's event lists never reach it).
  const variables = message.variables as TVariables;
  const code = otpCodeOf(message.triggerKey, variables);
  if (!code) return message;
  const content = maskOtpContent(message.id, code, decision.status === "SKIPPED" ? null : decision.rendered, variables);
  return { ...message, ...(decision.status !== "SKIPPED" && content.columns), variables: content.variables, sealedContent: content.sealedContent };
}

type TDecidedColumns = Omit<TOutboxMessage, "id" | "contactId" | "triggerKey" | "channel" | "category" | "critical" | "variables" | "idempotencyKey">;

/** The message columns that depend on the decision. */
function contentOf(decision: TChannelDecision): TDecidedColumns {
  const { template } = decision;
  const chosen = { templateVersionId: template?.versionId ?? null, language: template?.language ?? null };
  const empty = { subject: null, body: null, html: null, text: null, segments: null, encoding: null, sendAt: null };
  if (decision.status === "SKIPPED") return { ...empty, ...chosen, status: "SKIPPED", skipReason: decision.skipReason, to: decision.to ?? null };
  const { rendered } = decision;
  return {
    status: decision.status,
    skipReason: null,
    to: decision.to,
    sendAt: decision.sendAt,
    ...chosen,
    subject: rendered.subject ?? null,
    body: rendered.body ?? null,
    html: rendered.html ?? null,
    text: rendered.text ?? null,
    segments: rendered.segments ?? null,
    encoding: rendered.encoding ?? null,
  };
}

function detailOf(decision: TChannelDecision, requestId: string): Record<string, unknown> {
  if (decision.status === "SKIPPED") return { requestId, reason: decision.skipReason, ...decision.detail };
  const base = { requestId, templateVersionId: decision.template.versionId, language: decision.template.language };
  return decision.sendAt ? { ...base, sendAt: decision.sendAt.toISOString(), reason: decision.scheduledFor } : base;
}
