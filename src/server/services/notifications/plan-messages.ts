import type { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { TContactForSend } from "@/server/domain/notifications";
import type { TChannelOutcome, TItemOutcome, TSendItem } from "@/server/domain/send";
import { decideChannel, type TChannelDecision, type TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";
import { newId } from "@/server/services/notifications/new-id";

export type TPlannedItem = { item: TSendItem; contact: TContactForSend };

export type TPlanMessagesOptions = {
  lab: TLabForSend;
  requestId: string;
  /** The key recorded on messages of items without their own. */
  batchKey?: string;
  items: TPlannedItem[];
  context: TSendContext;
  now: Date;
};

export type TMessagePlan = {
  messages: Prisma.MessageCreateManyInput[];
  events: Prisma.MessageEventCreateManyInput[];
  /** One per item, in the items' order. */
  outcomes: TItemOutcome[];
  /** Messages for delivery to pick up once the transaction commits. */
  dispatch: { id: string; sendAt?: Date }[];
};

const EVENT_TYPE = { SKIPPED: "skipped", QUEUED: "queued", SCHEDULED: "scheduled" } as const;

/**
 * Decides every channel of every item and lays out the rows to write: one
 * message per channel (skipped ones too, so the decision stays on record) and
 * its first event. Ids are made here so events can point at their messages
 * and the whole batch goes to the database in two inserts.
 */
export function planMessages({ lab, requestId, batchKey, items, context, now }: TPlanMessagesOptions): TMessagePlan {
  const plan: TMessagePlan = { messages: [], events: [], outcomes: [], dispatch: [] };
  for (const { item, contact } of items) {
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
        candidates: context.candidates,
        variables: item.variables,
        language: item.language,
        sendAt: item.sendAt,
        now,
      });
      const id = newId();
      plan.messages.push({
        id,
        labId: lab.id,
        contactId: contact.id,
        triggerKey: trigger.key,
        channel,
        category: trigger.category,
        critical: trigger.critical,
        variables: item.variables,
        idempotencyKey: item.idempotencyKey ?? batchKey ?? null,
        requestId,
        ...contentOf(decision),
      });
      plan.events.push({ id: newId(), messageId: id, labId: lab.id, type: EVENT_TYPE[decision.status], status: decision.status, source: "api", detail: detailOf(decision, requestId) });
      if (decision.status !== "SKIPPED") plan.dispatch.push(decision.sendAt ? { id, sendAt: decision.sendAt } : { id });
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

/** The message columns that depend on the decision. */
function contentOf(decision: TChannelDecision): Partial<Prisma.MessageCreateManyInput> & Pick<Prisma.MessageCreateManyInput, "status"> {
  const template = decision.template;
  const chosen = template ? { templateVersionId: template.versionId, language: template.language } : {};
  if (decision.status === "SKIPPED") return { status: "SKIPPED", skipReason: decision.skipReason, to: decision.to ?? null, ...chosen };
  const { rendered } = decision;
  return {
    status: decision.status,
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

function detailOf(decision: TChannelDecision, requestId: string): Prisma.InputJsonObject {
  if (decision.status === "SKIPPED") return { requestId, reason: decision.skipReason, ...decision.detail };
  const base = { requestId, templateVersionId: decision.template.versionId, language: decision.template.language };
  return decision.sendAt ? { ...base, sendAt: decision.sendAt.toISOString(), reason: decision.scheduledFor } : base;
}
