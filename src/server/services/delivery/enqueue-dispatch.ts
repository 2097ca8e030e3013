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

/** Queues dispatch jobs of at most DISPATCH_BATCH_SIZE messages each. */
export async function triggerDispatchJobs(groups: readonly TDispatchGroup[]): Promise<void> {
  if (groups.length === 0) return;
  // Imported on use: trigger-job reads the job registry, whose dispatch-messages job imports this module.
  const { triggerJob } = await import("@/server/jobs/trigger-job");
  const requests: Promise<void>[] = [];
  for (const { labId, businessAccountId, messageIds, runAt } of groups) {
    for (let start = 0; start < messageIds.length; start += DISPATCH_BATCH_SIZE) {
      const payload = { messageIds: messageIds.slice(start, start + DISPATCH_BATCH_SIZE), labId, ...(businessAccountId && { businessAccountId }) };
      requests.push(triggerJob("dispatch-messages", payload, runAt ? { runAt } : {}));
    }
  }
  await Promise.all(requests);
}

/**
 * Hands committed QUEUED (or SCHEDULED, with their sendAt) messages to delivery: the send flow calls
 * this after its transaction commits. Messages are grouped by lab, channel and send time, so each
 * job carries the keys Inngest uses for per-lab concurrency and per-account throttling.
 * Dispatch is idempotent per message, so calling this twice for a message never sends it twice.
 */
export async function enqueueDispatch(messages: readonly { id: string; sendAt?: Date | null }[]): Promise<void> {
  if (messages.length === 0) return;
  const sendAtById = new Map(messages.map((m) => [m.id, m.sendAt ?? null]));
  // One array parameter rather than findMany's IN list: this runs on the send path, where it is several times faster.
  const rows = await db().$queryRaw<{ id: string; labId: string; channel: Channel }[]>`
    SELECT id, "labId", channel FROM "Message" WHERE id = ANY(${[...sendAtById.keys()]}::text[])`;
  const chains = await loadAccountChains(db(), rows);

  const groups = new Map<string, TDispatchGroup>();
  for (const row of rows) {
    const runAt = sendAtById.get(row.id) ?? undefined;
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
