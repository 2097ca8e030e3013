import type { Channel } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import { loadAccountChains } from "@/server/services/business-accounts/load-account-chains";
import { DISPATCH_BATCH_SIZE } from "@/server/services/delivery/delivery-settings";

/** Messages of one lab (and, as far as known, one account) to dispatch together, not before runAt. */
export type TDispatchGroup = {
  labId: string;
  /** The account expected to send them: Inngest throttles per account on it. */
  businessAccountId: string | null;
  messageIds: string[];
  runAt?: Date;
};

/** Queues dispatch jobs of at most DISPATCH_BATCH_SIZE messages each, all in one write. */
export async function triggerDispatchJobs(groups: readonly TDispatchGroup[]): Promise<void> {
  if (groups.length === 0) return;
  // Imported on use: trigger-job reads the job registry, whose dispatch-messages job imports this module.
  const { triggerJobs } = await import("@/server/jobs/trigger-job");
  const requests = [];
  for (const { labId, businessAccountId, messageIds, runAt } of groups) {
    for (let start = 0; start < messageIds.length; start += DISPATCH_BATCH_SIZE) {
      const payload = { messageIds: messageIds.slice(start, start + DISPATCH_BATCH_SIZE), labId, ...(businessAccountId && { businessAccountId }) };
      requests.push({ payload, ...(runAt && { runAt }) });
    }
  }
  await triggerJobs("dispatch-messages", requests);
}

/** A committed message to hand to delivery: the send flow knows its lab and channel already. */
export type TDispatchRequest = { id: string; labId: string; channel: Channel; sendAt?: Date | null };

/**
 * Hands committed QUEUED (or SCHEDULED, with their sendAt) messages to delivery: the send flow calls
 * this after its transaction commits. Messages are grouped by lab, channel and send time, so each
 * job carries the keys Inngest uses for per-lab concurrency and per-account throttling.
 * Dispatch is idempotent per message, so calling this twice for a message never sends it twice.
 */
export async function enqueueDispatch(messages: readonly TDispatchRequest[]): Promise<void> {
  if (messages.length === 0) return;
  const chains = await loadAccountChains(db(), messages);

  const groups = new Map<string, TDispatchGroup>();
  for (const row of messages) {
    const runAt = row.sendAt ?? undefined;
    const key = `${row.labId}|${row.channel}|${runAt?.getTime() ?? "now"}`;
    let group = groups.get(key);
    if (!group) {
      group = { labId: row.labId, businessAccountId: chains.chain(row.labId, row.channel)[0]?.id ?? null, messageIds: [], runAt };
      groups.set(key, group);
    }
    group.messageIds.push(row.id);
  }
  await triggerDispatchJobs([...groups.values()]);
}
