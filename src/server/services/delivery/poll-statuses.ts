import type { Db } from "@/server/db";
import { adapterContextFor } from "@/server/services/providers/provider-endpoints";
import { accountPreparer } from "@/server/services/delivery/attempt-delivery";
import { PROVIDER_CONCURRENCY } from "@/server/services/delivery/delivery-settings";
import { forEachPage } from "@/server/services/delivery/for-each-page";
import { mapWithConcurrency } from "@/server/services/delivery/map-with-concurrency";
import { recordDeliveryStatuses, type TDeliveryStatusReport } from "@/server/services/delivery/record-delivery-status";
import { followUpOtpFailures } from "@/server/services/otp/advance-otp-challenge";

export type TPollStatusesOptions = {
  db: Db;
  now?: Date;
  /** Messages sent longer ago than this are no longer polled: providers stop knowing them. */
  windowMs?: number;
  batchSize?: number;
};

const DAY_MS = 24 * 60 * 60_000;

/**
 * Asks providers with a status lookup about messages still in flight (SENT, and DELIVERED WhatsApp
 * messages that may still be read) sent in the last 24 hours, in batches, and records what changed
 * with source "poll". An unchanged status is not news, so it writes no event.
 */
export async function pollStatuses({ db, now = new Date(), windowMs = DAY_MS, batchSize = 500 }: TPollStatusesOptions) {
  const prepareAccount = accountPreparer();
  let polled = 0;
  let changed = 0;
  await forEachPage(
    batchSize,
    (after) =>
      db.message.findMany({
        where: {
          ...(after && { id: { gt: after } }),
          sentAt: { gte: new Date(now.getTime() - windowMs) },
          providerMessageId: { not: null },
          OR: [{ status: "SENT" }, { status: "DELIVERED", channel: "WHATSAPP" }],
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
      const fetched = await mapWithConcurrency(batch, PROVIDER_CONCURRENCY, async (m): Promise<TDeliveryStatusReport | null> => {
        if (!m.businessAccount || !m.providerMessageId) return null;
        const ready = await prepareAccount(m.businessAccount);
        if ("error" in ready || !ready.adapter.fetchStatus) return null;
        try {
          const context = adapterContextFor({ provider: m.businessAccount.provider, accountId: m.businessAccount.id, timeoutMs: ready.adapter.timeoutMs });
          const report = await ready.adapter.fetchStatus(m.providerMessageId, ready.config, context);
          return report && report.status !== m.status ? { businessAccountId: m.businessAccount.id, ...report } : null;
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
  return { polled, changed };
}
