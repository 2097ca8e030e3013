import type { Db } from "@/server/db";
import { STALE_CLAIM_MS } from "@/server/services/delivery/delivery-settings";
import { triggerDispatchJobs, type TDispatchPort, type TDispatchGroup } from "@/server/services/delivery/enqueue-dispatch";
import { forEachPage } from "@/server/services/delivery/for-each-page";

export type TRequeueStalledMessagesOptions = {
  db: Db;
  now?: Date;
  /** How long past due a message must be before its job counts as lost rather than busy. */
  graceMs?: number;
  staleClaimMs?: number;
  pageSize?: number;
  /** Queues the dispatch jobs; the installed dispatch port by default. */
  schedule?: TDispatchPort["schedule"];
};

// The sweep runs every minute: a message is requeued within two minutes of falling due at worst.
// Shorter would mostly requeue messages still waiting their turn behind a burst (harmless, as
// dispatch claims each message once, but work); longer would leave a lost one waiting.
export const STALLED_GRACE_MS = 60_000;

/**
 * The sweep behind the requeue-stalled job: dispatch jobs can be lost (an enqueue failing after its commit, a
 * back end dropping an event), and workers can die holding claims. Messages due for longer than the
 * grace period, and stale SENDING claims, get a new dispatch job; dispatch being idempotent per
 * message, one that still had a job pending is merely looked at twice.
 */
export async function requeueStalledMessages(options: TRequeueStalledMessagesOptions): Promise<{ requeued: number }> {
  const { db, now = new Date(), graceMs = STALLED_GRACE_MS, staleClaimMs = STALE_CLAIM_MS, pageSize = 1_000, schedule = triggerDispatchJobs } = options;
  const dueBefore = new Date(now.getTime() - graceMs);
  const staleBefore = new Date(now.getTime() - staleClaimMs);
  let requeued = 0;
  await forEachPage(
    pageSize,
    (after) =>
      db.message.findMany({
        where: {
          ...(after && { id: { gt: after } }),
          OR: [
            { status: "QUEUED", nextAttemptAt: { lte: dueBefore } },
            { status: "QUEUED", nextAttemptAt: null, updatedAt: { lte: dueBefore } },
            { status: "SCHEDULED", sendAt: { lte: dueBefore } },
            { status: "SENDING", claimedAt: { lt: staleBefore } },
          ],
        },
        orderBy: { id: "asc" },
        take: pageSize,
        select: { id: true, labId: true, businessAccountId: true },
      }),
    async (page) => {
      const groups = new Map<string, TDispatchGroup>();
      for (const m of page) {
        const key = `${m.labId}|${m.businessAccountId}`;
        const group = groups.get(key) ?? { labId: m.labId, businessAccountId: m.businessAccountId, messageIds: [] };
        group.messageIds.push(m.id);
        groups.set(key, group);
      }
      await schedule([...groups.values()]);
      requeued += page.length;
    },
  );
  return { requeued };
}
