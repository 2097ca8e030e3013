import { Prisma } from "@/generated/prisma/client";
import { sqlTransactionOf, type Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";
import { histogramOf, LATENCY_DIMENSIONS, MESSAGE_STAT_ROW, NARROW_KEYS, STAT_DIMENSIONS, STAT_LEDGER_COLUMNS, WIDE_KEYS } from "@/server/services/stats/message-stat-row";
import { lockRollupClock, STAT_ROLLUP_ID } from "@/server/services/stats/stat-rollup-clock";

export type TRebuildMessageStatsOptions = { db: Db; statementTimeoutMs?: number };

/**
 * Computes every statistic again from the messages themselves, in one transaction: on a new
 * installation (messages older than the rollup), or to repair. Redacted messages keep the columns
 * counted, so a rebuild after retention cleanup gives the same figures. Holds the StatRollup row
 * throughout, so no incremental run interleaves; the rollup then carries on from the snapshot read here.
 */
export async function rebuildMessageStats({ db, statementTimeoutMs = 30 * 60_000 }: TRebuildMessageStatsOptions): Promise<{ messages: number; asOf: Date }> {
  return sqlTransactionOf(
    db,
    async (tx) => {
      await tx.$executeRaw`
        INSERT INTO "StatRollup" (id, watermark, "asOf", "updatedAt") VALUES (${STAT_ROLLUP_ID}, 'epoch', 'epoch', now() AT TIME ZONE 'UTC')
        ON CONFLICT (id) DO NOTHING`;
      const { now, safe } = (await lockRollupClock(tx, "wait"))!;
      await tx.$executeRaw`TRUNCATE "MessageStatLedger", "MessageStatHour", "MessageStatDay", "MessageStatMonth", "MessageStatChannelDay",
        "MessageLatencyHour", "MessageLatencyDay", "MessageLatencyMonth"`;
      const messages = await tx.$executeRaw`
        INSERT INTO "MessageStatLedger" (${STAT_LEDGER_COLUMNS})
        SELECT ${MESSAGE_STAT_ROW} FROM "Message" m JOIN "Lab" l ON l.id = m."labId"`;
      const sums = Prisma.sql`count(*)::int, sum(cost), sum(segments)::int`;
      await tx.$executeRaw`
        INSERT INTO "MessageStatHour" (${STAT_DIMENSIONS}, count, cost, segments)
        SELECT ${STAT_DIMENSIONS}, ${sums} FROM "MessageStatLedger" GROUP BY ${STAT_DIMENSIONS}`;
      await tx.$executeRaw`
        INSERT INTO "MessageStatDay" ("labId", day, ${WIDE_KEYS}, count, cost, segments)
        SELECT "labId", hour::date, ${WIDE_KEYS}, ${sums} FROM "MessageStatLedger" GROUP BY "labId", hour::date, ${WIDE_KEYS}`;
      await tx.$executeRaw`
        INSERT INTO "MessageStatMonth" ("labId", month, ${WIDE_KEYS}, count, cost, segments)
        SELECT "labId", date_trunc('month', day)::date, ${WIDE_KEYS}, sum(count)::int, sum(cost), sum(segments)::int
        FROM "MessageStatDay" GROUP BY "labId", date_trunc('month', day)::date, ${WIDE_KEYS}`;
      await tx.$executeRaw`
        INSERT INTO "MessageStatChannelDay" ("labId", day, ${NARROW_KEYS}, count, segments)
        SELECT "labId", day, ${NARROW_KEYS}, sum(count)::int, sum(segments)::int FROM "MessageStatDay" GROUP BY "labId", day, ${NARROW_KEYS}`;
      const histograms = Prisma.sql`${histogramOf('"sentBucket"', "1")}, ${histogramOf('"deliveredBucket"', "1")}`;
      const measured = Prisma.sql`"sentBucket" IS NOT NULL OR "deliveredBucket" IS NOT NULL`;
      await tx.$executeRaw`
        INSERT INTO "MessageLatencyHour" (${LATENCY_DIMENSIONS}, hour, "sentLatency", "deliveredLatency")
        SELECT ${LATENCY_DIMENSIONS}, hour, ${histograms} FROM "MessageStatLedger" WHERE ${measured} GROUP BY ${LATENCY_DIMENSIONS}, hour`;
      await tx.$executeRaw`
        INSERT INTO "MessageLatencyDay" (${LATENCY_DIMENSIONS}, day, "sentLatency", "deliveredLatency")
        SELECT ${LATENCY_DIMENSIONS}, hour::date, ${histograms} FROM "MessageStatLedger" WHERE ${measured} GROUP BY ${LATENCY_DIMENSIONS}, hour::date`;
      await tx.$executeRaw`
        INSERT INTO "MessageLatencyMonth" (${LATENCY_DIMENSIONS}, month, "sentLatency", "deliveredLatency")
        SELECT ${LATENCY_DIMENSIONS}, date_trunc('month', hour)::date, ${histograms}
        FROM "MessageStatLedger" WHERE ${measured} GROUP BY ${LATENCY_DIMENSIONS}, date_trunc('month', hour)::date`;
      await tx.$executeRaw`
        UPDATE "StatRollup" SET watermark = ${sqlTimestamp(safe)}, "asOf" = ${sqlTimestamp(now)},
          "updatedAt" = ${sqlTimestamp(now)}
        WHERE id = ${STAT_ROLLUP_ID}`;
      return { messages, asOf: now };
    },
    { statementTimeoutMs },
  );
}
