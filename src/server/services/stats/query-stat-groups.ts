import { Prisma } from "@/generated/prisma/client";
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTransactionOf, type Db } from "@/server/db";
import { sumHistograms } from "@/server/services/stats/message-stat-row";
import type { TStatsLab } from "@/server/services/stats/resolve-stats-scope";

export type TStatGranularity = "hour" | "day" | "month";
export type TStatFilters = { channel?: Channel; triggerKey?: string; provider?: string };

export type TStatQuery = {
  labs: readonly TStatsLab[];
  from: Date;
  to: Date;
  granularity: TStatGranularity;
  filters: TStatFilters;
};

/** One row of the grouping sets: `set` names which, the other columns are null where not grouped by. */
export type TStatGroupRow = {
  set: "series" | "trigger" | "account" | "lab" | "currency" | "reason";
  bucket: Date | null;
  channel: Channel | null;
  status: MessageStatus;
  triggerKey: string | null;
  provider: string | null;
  businessAccountId: string | null;
  labId: string | null;
  currency: string | null;
  reason: string | null;
  count: number;
  cost: Prisma.Decimal;
  segments: number;
};

export type TStatLatencyRow = { sent: number[]; delivered: number[]; lo: Date | null; hi: Date | null };

/**
 * The rows of a range, from whole local days in MessageStatDay and the hours at either end (or every
 * hour, for hourly series) in MessageStatHour. Each lab's range is its own wall clock: `from` rounded
 * down and `to` rounded up to its hour.
 */
function sourceRows({ labs, from, to, granularity, filters }: TStatQuery): Prisma.Sql {
  const unit = Prisma.raw(`'${granularity}'`);
  const where = (alias: string) => {
    const a = Prisma.raw(alias);
    return Prisma.sql`${filters.channel ? Prisma.sql`AND ${a}.channel = ${filters.channel}::"Channel"` : Prisma.empty}
      ${filters.triggerKey ? Prisma.sql`AND ${a}."triggerKey" = ${filters.triggerKey}` : Prisma.empty}
      ${filters.provider ? Prisma.sql`AND ${a}.provider = ${filters.provider}` : Prisma.empty}`;
  };
  const useDays = granularity !== "hour";
  // Two index ranges, before and after the whole days, rather than one over all hours filtered afterwards.
  const hourRows = (range: Prisma.Sql) => Prisma.sql`
      SELECT date_trunc(${unit}, h.hour) AS bucket, h."labId", h.channel, h."triggerKey", h."businessAccountId", h.provider, h.status,
        h.reason, h.currency, h.count, h.cost, h.segments, h."sentLatency", h."deliveredLatency"
      FROM bounds b JOIN "MessageStatHour" h ON h."labId" = b.id AND ${range}
      WHERE true ${where("h")}`;
  return Prisma.sql`
    bounds AS (
      SELECT id, lo, hi,
        CASE WHEN ${useDays}::boolean THEN date_trunc('day', lo + interval '1 day' - interval '1 microsecond') ELSE lo END AS dlo,
        CASE WHEN ${useDays}::boolean THEN GREATEST(date_trunc('day', hi), date_trunc('day', lo + interval '1 day' - interval '1 microsecond')) ELSE lo END AS dhi
      FROM (
        SELECT l.id, date_trunc('hour', (${from}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE l.tz) AS lo,
          date_trunc('hour', ((${to}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE l.tz) + interval '1 hour' - interval '1 microsecond') AS hi
        FROM unnest(${labs.map((l) => l.id)}::text[], ${labs.map((l) => l.timezone)}::text[]) AS l(id, tz)
      ) r
    ),
    src AS (
      ${hourRows(Prisma.sql`h.hour >= b.lo AND h.hour < LEAST(b.dlo, b.hi)`)}
      UNION ALL
      ${hourRows(Prisma.sql`h.hour >= GREATEST(b.dhi, b.lo) AND h.hour < b.hi`)}
      UNION ALL
      SELECT date_trunc(${unit}, d.day::timestamp), d."labId", d.channel, d."triggerKey", d."businessAccountId", d.provider, d.status,
        d.reason, d.currency, d.count, d.cost, d.segments, d."sentLatency", d."deliveredLatency"
      FROM bounds b JOIN "MessageStatDay" d ON d."labId" = b.id AND d.day >= b.dlo::date AND d.day < b.dhi::date
      WHERE b.dlo < b.dhi ${where("d")}
    )`;
}

/**
 * Every breakdown of the overview in one pass over the range's rows. Run in a transaction of its own
 * with room to hash every grouping set in memory: the default work_mem sends a year's rows to disk.
 */
export async function queryStatGroups(db: Db, query: TStatQuery): Promise<TStatGroupRow[]> {
  return sqlTransactionOf(
    db,
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '32MB'`;
      return tx.$queryRaw<TStatGroupRow[]>`
    WITH ${sourceRows(query)}
    SELECT CASE GROUPING(bucket, "triggerKey", "businessAccountId", "labId", currency, reason)
        WHEN 31 THEN 'series' WHEN 47 THEN 'trigger' WHEN 55 THEN 'account' WHEN 59 THEN 'lab' WHEN 61 THEN 'currency' ELSE 'reason' END AS set,
      bucket, channel, status, "triggerKey", provider, "businessAccountId", "labId", currency, reason,
      sum(count)::int AS count, sum(cost) AS cost, sum(segments)::int AS segments
    FROM src
    GROUP BY GROUPING SETS ((bucket, channel, status), ("triggerKey", status), ("businessAccountId", provider, channel, status),
      ("labId", status), (currency, status), (reason, provider, channel, status))
    HAVING sum(count) <> 0`;
    },
    { statementTimeoutMs: 30_000 },
  );
}

/** The latency histograms over the range, and the range each lab's wall clock made of it. */
export async function queryStatLatency(db: SqlRunner, query: TStatQuery): Promise<TStatLatencyRow> {
  const [row] = await db.$queryRaw<TStatLatencyRow[]>`
    WITH ${sourceRows(query)}
    SELECT ${sumHistograms('"sentLatency"')} AS sent, ${sumHistograms('"deliveredLatency"')} AS delivered,
      (SELECT min(lo) FROM bounds) AS lo, (SELECT max(hi) FROM bounds) AS hi
    FROM src WHERE status IN ('SENT', 'DELIVERED', 'READ', 'UNDELIVERED')`;
  return row!;
}

/** Counts per status only: the period before, to show change. */
export async function queryStatTotals(db: SqlRunner, query: TStatQuery): Promise<{ status: MessageStatus; count: number }[]> {
  return db.$queryRaw`
    WITH ${sourceRows(query)}
    SELECT status, sum(count)::int AS count FROM src GROUP BY status HAVING sum(count) <> 0`;
}
