import { Prisma } from "@/generated/prisma/client";
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
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

/**
 * One row of the overview's answer. `set` names what it is: a grouping set of the range (the other
 * columns are null where not grouped by), the range's latency histograms and wall-clock bounds, or a
 * status count of the period before.
 */
export type TStatRow = {
  set: "series" | "trigger" | "detail" | "latency" | "previous";
  bucket: Date | null;
  channel: Channel | null;
  status: MessageStatus | null;
  triggerKey: string | null;
  provider: string | null;
  businessAccountId: string | null;
  accountName: string | null;
  labId: string | null;
  currency: string | null;
  reason: string | null;
  count: number;
  cost: Prisma.Decimal | null;
  segments: number;
  sent: number[] | null;
  delivered: number[] | null;
  lo: Date | null;
  hi: Date | null;
};

/**
 * CTEs `<name>_bounds` and `<name>` with the rows of a range: whole local days from MessageStatDay, the
 * hours at either end (or every hour, for hourly series) from MessageStatHour. Each lab's range is its
 * own wall clock: `from` rounded down and `to` rounded up to its hour.
 */
function sourceRows(name: string, { labs, from, to, granularity, filters }: TStatQuery, kind: "counts" | "latency" = "counts"): Prisma.Sql {
  const [hourTable, dayTable] = kind === "counts" ? ['"MessageStatHour"', '"MessageStatDay"'] : ['"MessageLatencyHour"', '"MessageLatencyDay"'];
  const unit = Prisma.raw(`'${granularity}'`);
  const bounds = Prisma.raw(`${name}_bounds`);
  const where = (alias: string) => {
    const a = Prisma.raw(alias);
    return Prisma.sql`${filters.channel ? Prisma.sql`AND ${a}.channel = ${filters.channel}::"Channel"` : Prisma.empty}
      ${filters.triggerKey ? Prisma.sql`AND ${a}."triggerKey" = ${filters.triggerKey}` : Prisma.empty}
      ${filters.provider ? Prisma.sql`AND ${a}.provider = ${filters.provider}` : Prisma.empty}`;
  };
  const useDays = granularity !== "hour";
  const columns = (alias: string, time: Prisma.Sql) => {
    const a = Prisma.raw(alias);
    const rest =
      kind === "counts"
        ? Prisma.sql`${a}."businessAccountId", ${a}.status, ${a}.reason, ${a}.currency, ${a}.count, ${a}.cost, ${a}.segments`
        : Prisma.sql`${a}."sentLatency", ${a}."deliveredLatency"`;
    return Prisma.sql`date_trunc(${unit}, ${time}) AS bucket, ${a}."labId", ${a}.channel, ${a}."triggerKey", ${a}.provider, ${rest}`;
  };
  // Two index ranges, before and after the whole days, rather than one over all hours filtered afterwards.
  const hourRows = (range: Prisma.Sql) => Prisma.sql`
      SELECT ${columns("h", Prisma.sql`h.hour`)}
      FROM ${bounds} b JOIN ${Prisma.raw(hourTable)} h ON h."labId" = b.id AND ${range}
      WHERE true ${where("h")}`;
  return Prisma.sql`
    ${bounds} AS (
      SELECT id, lo, hi,
        CASE WHEN ${useDays}::boolean THEN date_trunc('day', lo + interval '1 day' - interval '1 microsecond') ELSE lo END AS dlo,
        CASE WHEN ${useDays}::boolean THEN GREATEST(date_trunc('day', hi), date_trunc('day', lo + interval '1 day' - interval '1 microsecond')) ELSE lo END AS dhi
      FROM (
        SELECT l.id, date_trunc('hour', (${from}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE l.tz) AS lo,
          date_trunc('hour', ((${to}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE l.tz) + interval '1 hour' - interval '1 microsecond') AS hi
        FROM unnest(${labs.map((l) => l.id)}::text[], ${labs.map((l) => l.timezone)}::text[]) AS l(id, tz)
      ) r
    ),
    ${Prisma.raw(name)} AS (
      ${hourRows(Prisma.sql`h.hour >= b.lo AND h.hour < LEAST(b.dlo, b.hi)`)}
      UNION ALL
      ${hourRows(Prisma.sql`h.hour >= GREATEST(b.dhi, b.lo) AND h.hour < b.hi`)}
      UNION ALL
      SELECT ${columns("d", Prisma.sql`d.day::timestamp`)}
      FROM ${bounds} b JOIN ${Prisma.raw(dayTable)} d ON d."labId" = b.id AND d.day >= b.dlo::date AND d.day < b.dhi::date
      WHERE b.dlo < b.dhi ${where("d")}
    )`;
}

/**
 * Everything the overview shows, in one statement (one round trip, one snapshot): every breakdown as
 * a grouping set over the range's rows, the latency histograms, and the status counts of `previous`.
 */
export async function queryStatRows(db: SqlRunner, query: TStatQuery, previous: TStatQuery): Promise<TStatRow[]> {
  const nulls = (n: number) => Prisma.raw(Array.from({ length: n }, () => "NULL").join(", "));
  return db.$queryRaw<TStatRow[]>`
    WITH ${sourceRows("cur", query)}, ${sourceRows("lat", query, "latency")}, ${sourceRows("prev", previous)},
    groups AS (
      -- Three sets, not one per breakdown: accounts, labs, currencies and reasons are few per range, so one
      -- set over all of them (added up in the caller) costs a third of hashing each row four more times.
      SELECT CASE GROUPING(bucket, "triggerKey") WHEN 1 THEN 'series' WHEN 2 THEN 'trigger' ELSE 'detail' END AS set,
        bucket, channel, status, "triggerKey", provider, "businessAccountId", "labId", currency, reason,
        sum(count)::int AS count, sum(cost) AS cost, sum(segments)::int AS segments
      FROM cur
      GROUP BY GROUPING SETS ((bucket, channel, status), ("triggerKey", status), ("labId", "businessAccountId", provider, channel, status, reason, currency))
      HAVING sum(count) <> 0
    )
    SELECT g.set, g.bucket, g.channel, g.status, g."triggerKey", g.provider, g."businessAccountId", a.name AS "accountName", g."labId", g.currency,
      g.reason, g.count, g.cost, g.segments, NULL::int[] AS sent, NULL::int[] AS delivered, NULL::timestamp AS lo, NULL::timestamp AS hi
    FROM groups g LEFT JOIN "BusinessAccount" a ON g.set = 'detail' AND a.id = g."businessAccountId"
    UNION ALL
    SELECT 'latency', ${nulls(10)}, 0, NULL, 0, ${sumHistograms('"sentLatency"')}, ${sumHistograms('"deliveredLatency"')},
      (SELECT min(lo) FROM cur_bounds), (SELECT max(hi) FROM cur_bounds)
    FROM lat
    UNION ALL
    SELECT 'previous', NULL, NULL, status, ${nulls(7)}, sum(count)::int, NULL, 0, NULL, NULL, NULL, NULL
    FROM prev GROUP BY status HAVING sum(count) <> 0`;
}
