import type { Db } from "@/server/db";
import { adapterContextFor } from "@/server/services/providers/provider-endpoints";
import { accountPreparer } from "@/server/services/delivery/attempt-delivery";
import { loadBreakerViews } from "@/server/services/delivery/account-breaker";
import { PROVIDER_CONCURRENCY } from "@/server/services/delivery/delivery-settings";
import { forEachPage } from "@/server/services/delivery/for-each-page";
import { mapWithConcurrency } from "@/server/services/delivery/map-with-concurrency";
import { OUTCOME_UNKNOWN } from "@/server/services/delivery/can-transition";
import { recordDeliveryStatuses, type TDeliveryStatusReport } from "@/server/services/delivery/record-delivery-status";
import { followUpOtpFailures } from "@/server/services/otp/advance-otp-challenge";

export type TPollStatusesOptions = {
  db: Db;
  now?: Date;
  /** Messages sent longer ago than this are no longer polled: providers stop knowing them. */
  windowMs?: number;
  /** Only messages sent this long ago (each range from minMs, inclusive, to maxMs): a targeted poll. */
  ages?: readonly { minMs: number; maxMs: number }[];
  batchSize?: number;
};

const DAY_MS = 24 * 60 * 60_000;
const MINUTE_MS = 60_000;

/**
 * The targeted poll's ages, run every minute: a message whose callbacks have not come a minute after
 * it was sent (a provider's callbacks come within seconds; one lost while Herald restarted is not
 * coming) is looked up then, and again at 2, 4, 8 and 16 minutes, backing off; after that the
 * five-minute poll covers it.
 */
export const RECENT_POLL_AGES: readonly { minMs: number; maxMs: number }[] = [1, 2, 4, 8, 16].map((m) => ({ minMs: m * MINUTE_MS, maxMs: (m + 1) * MINUTE_MS }));

/**
 * Asks providers with a status lookup about messages still in flight (SENT, and DELIVERED WhatsApp
 * messages that may still be read) sent in the last 24 hours (or at `ages`), and about messages with a
 * provider id that FAILED `outcome_unknown` in that time (the lookup's answer lifts them), in batches, and records
 * what changed with source "poll". An unchanged status is not news, so it writes no event. An account
 * whose breaker is open (its recent calls all failed: the provider is down) is not asked: its
 * messages are asked about by a later poll, once the breaker lets a call through again.
 */
export async function pollStatuses({ db, now = new Date(), windowMs = DAY_MS, ages, batchSize = 500 }: TPollStatusesOptions) {
  const prepareAccount = accountPreparer();
  let polled = 0;
  let changed = 0;
  let skipped = 0;
  const within = (column: "sentAt" | "updatedAt") =>
    ages
      ? { OR: ages.map((a) => ({ [column]: { gt: new Date(now.getTime() - a.maxMs), lte: new Date(now.getTime() - a.minMs) } })) }
      : { [column]: { gte: new Date(now.getTime() - windowMs) } };
  await forEachPage(
    batchSize,
    (after) =>
      db.message.findMany({
        where: {
          ...(after && { id: { gt: after } }),
          providerMessageId: { not: null },
          OR: [
            { AND: [within("sentAt"), { OR: [{ status: "SENT" }, { status: "DELIVERED", channel: "WHATSAPP" }] }] },
            // An unknown outcome, timed from the failure (a terminal message changes no more): the provider may know.
            { AND: [within("updatedAt"), { status: "FAILED", errorCode: OUTCOME_UNKNOWN }] },
          ],
        },
        orderBy: { id: "asc" },
        take: batchSize,
        select: {
          id: true,
          status: true,
          providerMessageId: true,
          businessAccount: { select: { id: true, labId: true, channel: true, provider: true, maxAttempts: true, atLeastOnce: true, sendRatePerSecond: true, configEnc: true } },
        },
      }),
    async (batch) => {
      const breakers = await loadBreakerViews(db, [...new Set(batch.flatMap((m) => (m.businessAccount ? [m.businessAccount.id] : [])))], now.getTime());
      const open = (accountId: string) => breakers.get(accountId)?.state === "open";
      skipped += batch.filter((m) => m.businessAccount && open(m.businessAccount.id)).length;
      const fetched = await mapWithConcurrency(batch, PROVIDER_CONCURRENCY, async (m): Promise<TDeliveryStatusReport | null> => {
        if (!m.businessAccount || !m.providerMessageId || open(m.businessAccount.id)) return null;
        const ready = await prepareAccount(m.businessAccount);
        if ("error" in ready || !ready.adapter.fetchStatus) return null;
        try {
          const context = adapterContextFor({ provider: m.businessAccount.provider, accountId: m.businessAccount.id, timeoutMs: ready.adapter.timeoutMs });
          const report = await ready.adapter.fetchStatus(m.providerMessageId, ready.config, context);
          // From an unknown outcome even FAILED is news: the provider's reason replaces "unknown".
          return report && (report.status !== m.status || m.status === "FAILED") ? { businessAccountId: m.businessAccount.id, ...report } : null;
        } catch {
          // A failed lookup is retried by the next poll; the webhook may also get there first.
          return null;
        }
      });
      polled += batch.length;
      const reports = fetched.filter((r): r is TDeliveryStatusReport => r !== null);
      const recorded = await recordDeliveryStatuses({ db, reports, source: "poll", now });
      changed += recorded.filter((r) => r.applied).length;
      // A code that will not arrive moves to its challenge's next channel now.
      await followUpOtpFailures(db, recorded.flatMap((r, i) => (r.applied && r.messageId && (reports[i]!.status === "UNDELIVERED" || reports[i]!.status === "FAILED") ? [r.messageId] : [])));
    },
  );
  return { polled: polled - skipped, changed, skipped };
}
