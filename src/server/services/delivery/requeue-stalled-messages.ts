import type { Db } from "@/server/db";
import { STALE_CLAIM_MS } from "@/server/services/delivery/delivery-settings";
import { triggerDispatchJobs, type TDispatchPort, type TDispatchGroup } from "@/server/services/delivery/enqueue-dispatch";
import { forEachPage } from "@/server/services/delivery/for-each-page";
import { otpLane } from "@/server/services/otp/otp-lane";

export type TRequeueStalledMessagesOptions = {
  db: Db;
  now?: Date;
  /** How long past due a message must be before its job counts as lost rather than busy. */
  graceMs?: number;
  staleClaimMs?: number;
  pageSize?: number;
  /** Queues the dispatch jobs; the installed dispatch port by default. */
  schedule?: TDispatchPort["schedule"];
  /** Queues OTP messages' dispatch in their own lane; the installed OTP lane by default. */
  scheduleOtp?: TDispatchPort["schedule"];
};

// The sweep runs every minute: a message is requeued within two minutes of falling due at worst.
// Shorter would mostly requeue messages still waiting their turn behind a burst (harmless, as
// dispatch claims each message once, but work); longer would leave a lost one waiting.
export const STALLED_GRACE_MS = 60_000;

/**
 * The sweep behind the requeue-stalled job: dispatch jobs can be lost (an enqueue failing after its commit, a
 * back end dropping an event), and workers can die holding claims. Messages due for longer than the
 * grace period, and stale SENDING claims, get a new dispatch job; dispatch being idempotent per
 * message, one that still had a job pending is merely looked at twice. OTP messages go back to the
 * OTP lane, never behind the bulk backlog they were kept out of.
 */
export async function requeueStalledMessages(options: TRequeueStalledMessagesOptions): Promise<{ requeued: number }> {
  const { db, now = new Date(), graceMs = STALLED_GRACE_MS, staleClaimMs = STALE_CLAIM_MS, pageSize = 1_000, schedule = triggerDispatchJobs } = options;
  const scheduleOtp = options.scheduleOtp ?? ((groups: readonly TDispatchGroup[]) => otpLane().schedule(groups));
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
        select: { id: true, labId: true, businessAccountId: true, triggerKey: true },
      }),
    async (page) => {
      const otp = page.filter((m) => m.triggerKey === OTP_TRIGGER);
      const ordinary = page.filter((m) => m.triggerKey !== OTP_TRIGGER);
      if (otp.length > 0) await scheduleOtp(groupByAccount(otp));
      if (ordinary.length > 0) await schedule(groupByAccount(ordinary));
      requeued += page.length;
    },
  );
  return { requeued };
}

const OTP_TRIGGER = "OTP";

/** One job per lab and account, as dispatch groups them. */
function groupByAccount(messages: readonly { id: string; labId: string; businessAccountId: string | null }[]): TDispatchGroup[] {
  const groups = new Map<string, TDispatchGroup>();
  for (const m of messages) {
    const key = `${m.labId}|${m.businessAccountId}`;
    const group = groups.get(key) ?? { labId: m.labId, businessAccountId: m.businessAccountId, messageIds: [] };
    group.messageIds.push(m.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}
