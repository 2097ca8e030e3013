import type { Channel } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
import { importOnce } from "@/server/import-once";
import type { TJobHandOff } from "@/server/jobs/trigger-job";
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

// Imported on first use: trigger-job reads the job registry, whose dispatch-messages job imports this module.
const triggerJobModule = importOnce(() => import("@/server/jobs/trigger-job"));

/** Queues dispatch jobs of at most DISPATCH_BATCH_SIZE messages each, all in one write. */
export async function triggerDispatchJobs(groups: readonly TDispatchGroup[]): Promise<void> {
  if (groups.length === 0) return;
  const { triggerJobs } = await triggerJobModule();
  await triggerJobs("dispatch-messages", dispatchJobItems(groups));
}

/** A committed message to hand to delivery: the send flow knows its lab and channel already. */
export type TDispatchRequest = { id: string; labId: string; channel: Channel; sendAt?: Date | null };

/** The account a lab's message on a channel starts on (the head of its chain), or null. */
export type TFirstAccountOf = (labId: string, channel: Channel) => string | null;

/**
 * Hands committed QUEUED (or SCHEDULED, with their sendAt) messages to delivery. Dispatch is
 * idempotent per message, so calling this twice for a message never sends it twice.
 */
export async function enqueueDispatch(messages: readonly TDispatchRequest[]): Promise<void> {
  if (messages.length === 0) return;
  const chains = await loadAccountChains(db(), messages);
  await triggerDispatchJobs(groupDispatch(messages, (labId, channel) => chains.chain(labId, channel)[0]?.id ?? null));
}

/**
 * The same hand-off as part of the transaction writing the messages: on the local back end the jobs
 * commit with them, so no committed message waits for the stalled-message sweep.
 */
export async function enqueueDispatchInTransaction(
  tx: SqlRunner,
  messages: readonly TDispatchRequest[],
  firstAccountOf: TFirstAccountOf,
): Promise<TJobHandOff> {
  const { triggerJobsInTransaction } = await triggerJobModule();
  return triggerJobsInTransaction(tx, "dispatch-messages", dispatchJobItems(groupDispatch(messages, firstAccountOf)));
}

/**
 * Messages grouped by lab, channel and send time, so each job carries the keys Inngest uses for
 * per-lab concurrency and per-account throttling.
 */
function groupDispatch(messages: readonly TDispatchRequest[], firstAccountOf: TFirstAccountOf): TDispatchGroup[] {
  const groups = new Map<string, TDispatchGroup>();
  for (const row of messages) {
    const runAt = row.sendAt ?? undefined;
    const key = `${row.labId}|${row.channel}|${runAt?.getTime() ?? "now"}`;
    let group = groups.get(key);
    if (!group) {
      group = { labId: row.labId, businessAccountId: firstAccountOf(row.labId, row.channel), messageIds: [], runAt };
      groups.set(key, group);
    }
    group.messageIds.push(row.id);
  }
  return [...groups.values()];
}

function dispatchJobItems(groups: readonly TDispatchGroup[]) {
  const items = [];
  for (const { labId, businessAccountId, messageIds, runAt } of groups) {
    for (let start = 0; start < messageIds.length; start += DISPATCH_BATCH_SIZE) {
      const payload = { messageIds: messageIds.slice(start, start + DISPATCH_BATCH_SIZE), labId, ...(businessAccountId && { businessAccountId }) };
      items.push({ payload, ...(runAt && { runAt }) });
    }
  }
  return items;
}
