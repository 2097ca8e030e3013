import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import { newId } from "@/server/db/new-id";
import { digestDueAt } from "@/server/domain/digest-window";
import type { TResolvedTemplate } from "@/server/domain/notifications";
import type { TPartnerOutcome, TSendItem } from "@/server/domain/send";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";
import { planMessages, type TMessagePlan, type TPlannedItem } from "@/server/services/notifications/plan-messages";
import { partnerFor, type TPartnerForSend } from "@/server/services/partners/load-partners-for-send";
import { findOpenDigestWindows, type TDigestEntry } from "@/server/services/partners/digest-entries";

export type TPartnerSendItem = { item: TSendItem; index: number; patientContactId: string | null };

export type TPlanPartnerSendsOptions = {
  lab: TLabForSend;
  requestId: string;
  batchKey?: string;
  items: TPartnerSendItem[];
  partners: TPartnerForSend[];
  context: TSendContext;
  /** The partner templates of the call's triggers. */
  candidates: TResolvedTemplate[];
  now: Date;
};

export type TPartnerSendPlan = { plan: TMessagePlan; outcomes: Map<number, TPartnerOutcome>; digestEntries: TDigestEntry[] };

/** The variables a partner template reads: the partner, its contact, and the events (here one). */
export function partnerVariables(partnerName: string, contactName: string | null, events: Record<string, unknown>[]): Record<string, unknown> {
  return { partnerName, contactName: contactName ?? partnerName, eventCount: events.length, events };
}

/** A partner contact hears of a trigger it is listed for (none listed: all), on the channels both it and the rule have. */
export function contactChannels(link: TPartnerForSend["contacts"][number], triggerKey: string, ruleChannels: Channel[]): Channel[] {
  if (link.triggers.length > 0 && !link.triggers.includes(triggerKey)) return [];
  return ruleChannels.filter((channel) => link.channels.includes(channel));
}

/**
 * What each item's partner hears, by its rule for the trigger: a message per contact and channel now
 * (decided and rendered as any message is, with partner templates), or the event kept for the
 * partner's digest, due when its window closes. Runs in the send's transaction, so digest entries
 * commit with the messages or not at all.
 */
export async function planPartnerSends(tx: SqlRunner, options: TPlanPartnerSendsOptions): Promise<TPartnerSendPlan> {
  const { lab, requestId, batchKey, items, partners, context, candidates, now } = options;
  const outcomes = new Map<number, TPartnerOutcome>();
  const planned: { index: number; contactId: string; planned: TPlannedItem }[] = [];
  const digests: { index: number; partner: TPartnerForSend; item: TSendItem; patientContactId: string | null }[] = [];

  for (const { item, index, patientContactId } of items) {
    const partner = partnerFor(partners, item.partner!)!;
    const rule = partner.rules.get(item.trigger);
    const base = { partnerId: partner.id, contacts: [], digestAt: null };
    if (!partner.active) outcomes.set(index, { ...base, status: "inactive" });
    else if (!rule) outcomes.set(index, { ...base, status: "no_rule" });
    else if (rule.delivery === "DIGEST") digests.push({ index, partner, item, patientContactId });
    else {
      outcomes.set(index, { ...base, status: "sent" });
      for (const link of partner.contacts) {
        const channels = contactChannels(link, item.trigger, rule.channels);
        if (channels.length === 0) continue;
        const variables = partnerVariables(partner.name, link.contact.name, [item.variables]);
        // The contact's own language, not the patient's the caller may have asked for.
        planned.push({ index, contactId: link.contact.id, planned: { item: { ...item, channels, language: undefined }, contact: link.contact, variables } });
      }
    }
  }

  const plan = planMessages({ lab, requestId, batchKey, items: planned.map((p) => p.planned), context: { ...context, candidates }, now });
  plan.outcomes.forEach((outcome, position) => {
    const { index, contactId } = planned[position]!;
    outcomes.get(index)!.contacts.push({ contactId, channels: outcome.channels });
  });

  const windows = await findOpenDigestWindows(tx, { labId: lab.id, keys: digests.map((d) => ({ partnerId: d.partner.id, triggerKey: d.item.trigger })), now });
  const digestEntries: TDigestEntry[] = [];
  for (const { index, partner, item, patientContactId } of digests) {
    const key = `${partner.id}/${item.trigger}`;
    const dueAt = digestDueAt(partner.rules.get(item.trigger)!, partner.timezone, now, windows.get(key) ?? null);
    // Later events of this call join the window this one opened.
    windows.set(key, dueAt);
    digestEntries.push({ id: newId(), labId: lab.id, partnerId: partner.id, triggerKey: item.trigger, variables: item.variables, contactId: patientContactId, requestId, dueAt });
    outcomes.set(index, { partnerId: partner.id, status: "digest", contacts: [], digestAt: dueAt.toISOString() });
  }
  return { plan, outcomes, digestEntries };
}
