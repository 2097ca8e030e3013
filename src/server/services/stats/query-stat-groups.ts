import { Prisma } from "@/generated/prisma/client";
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import { preparedSql, type SqlRunner } from "@/server/db/sql-runner";
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

const TABLES = {
  counts: { hour: '"MessageStatHour"', day: '"MessageStatDay"', month: '"MessageStatMonth"' },
  latency: { hour: '"MessageLatencyHour"', day: '"MessageLatencyDay"', month: '"MessageLatencyMonth"' },
} as const;

type TSourceKind = keyof typeof TABLES | "narrow";

/** The filters as conditions on a source table's alias. */
function filtersOn(alias: string, filters: TStatFilters, kind: TSourceKind): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`${filters.channel ? Prisma.sql`AND ${a}.channel = ${filters.channel}::"Channel"` : Prisma.empty}
    ${filters.triggerKey && kind !== "narrow" ? Prisma.sql`AND ${a}."triggerKey" = ${filters.triggerKey}` : Prisma.empty}
    ${filters.provider ? Prisma.sql`AND ${a}.provider = ${filters.provider}` : Prisma.empty}`;
}

/**
 * CTE `<name>_bounds`: per lab, its range on its own wall clock (`from` rounded down and `to` up to
 * the hour: lo, hi), the whole days inside it (dlo, dhi) and the whole months inside those (mlo, mhi).
 * Empty spans have lower = upper. With `days` false, everything is hours (dlo = dhi = lo).
 */
function boundsOf(name: string, { labs, from, to }: TStatQuery, days: boolean): Prisma.Sql {
  return Prisma.sql`
    ${Prisma.raw(`${name}_bounds`)} AS (
      SELECT id, lo, hi, dlo, dhi,
        date_trunc('month', dlo + interval '1 month' - interval '1 day') AS mlo,
        GREATEST(date_trunc('month', dhi), date_trunc('month', dlo + interval '1 month' - interval '1 day')) AS mhi
      FROM (
        SELECT id, lo, hi,
          CASE WHEN ${days}::boolean THEN date_trunc('day', lo + interval '1 day' - interval '1 microsecond') ELSE lo END AS dlo,
          CASE WHEN ${days}::boolean THEN GREATEST(date_trunc('day', hi), date_trunc('day', lo + interval '1 day' - interval '1 microsecond')) ELSE lo END AS dhi
        FROM (
          SELECT l.id, date_trunc('hour', (${from}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE l.tz) AS lo,
            date_trunc('hour', ((${to}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE l.tz) + interval '1 hour' - interval '1 microsecond') AS hi
          FROM unnest(${labs.map((l) => l.id)}::text[], ${labs.map((l) => l.timezone)}::text[]) AS l(id, tz)
        ) r
      ) d
    )`;
}

/**
 * CTE `<name>` with a range's rows, each period read once at the coarsest grain that covers it whole:
 * months inside the range, then days, then the hours at either end (each an index range of its table).
 * `bucket` is the row's time truncated to `granularity` (meaningful only where the grain allows it).
 */
function layeredRows(name: string, boundsName: string, query: TStatQuery, kind: "counts" | "latency", { months }: { months: boolean }): Prisma.Sql {
  const tables = TABLES[kind];
  const unit = Prisma.raw(`'${query.granularity}'`);
  const bounds = Prisma.raw(`${boundsName}_bounds`);
  const rest = (a: string) =>
    Prisma.raw(
      kind === "counts"
        ? `${a}."businessAccountId", ${a}.status, ${a}.reason, ${a}.currency, ${a}.count, ${a}.cost, ${a}.segments`
        : `${a}."sentLatency", ${a}."deliveredLatency"`,
    );
  const select = (table: string, a: string, time: string, range: string) => Prisma.sql`
      SELECT date_trunc(${unit}, ${Prisma.raw(`${a}.${time}`)}::timestamp) AS bucket, ${Prisma.raw(`${a}."labId", ${a}.channel, ${a}."triggerKey", ${a}.provider`)}, ${rest(a)}
      FROM ${bounds} b JOIN ${Prisma.raw(`${table} ${a}`)} ON ${Prisma.raw(`${a}."labId"`)} = b.id AND ${Prisma.raw(range)}
      WHERE true ${filtersOn(a, query.filters, kind)}`;
  // Without months, the days run from dlo to dhi in one index range; with them, around the months.
  const [dayEnd, dayStart] = months ? ["LEAST(b.mlo, b.dhi)", "GREATEST(b.mhi, b.dlo)"] : ["b.dhi", "b.dhi"];
  return Prisma.sql`
    ${Prisma.raw(name)} AS (
      ${select(tables.hour, "h", "hour", "h.hour >= b.lo AND h.hour < LEAST(b.dlo, b.hi)")}
      UNION ALL
      ${select(tables.hour, "h", "hour", "h.hour >= GREATEST(b.dhi, b.lo) AND h.hour < b.hi")}
      UNION ALL
      ${select(tables.day, "d", "day", `d.day >= b.dlo::date AND d.day < ${dayEnd}::date`)}
      ${months ? Prisma.sql`
      UNION ALL
      ${select(tables.day, "d", "day", `d.day >= ${dayStart}::date AND d.day < b.dhi::date`)}
      UNION ALL
      ${select(tables.month, "m", "month", "m.month >= b.mlo::date AND m.month < b.mhi::date")}` : Prisma.empty}
    )`;
}

/**
 * CTE `<name>` with (bucket, channel, status, count, segments) per day of a range: whole days from
 * MessageStatChannelDay (a twentieth of the daily rows), the hours at either end from MessageStatHour.
 * A trigger filter needs the trigger, which that table does not keep: then the days come from
 * MessageStatDay.
 */
function channelDayRows(name: string, boundsName: string, query: TStatQuery): Prisma.Sql {
  const bounds = Prisma.raw(`${boundsName}_bounds`);
  const unit = Prisma.raw(`'${query.granularity}'`);
  const hours = (range: string) => Prisma.sql`
      SELECT date_trunc(${unit}, h.hour) AS bucket, h.channel, h.status, h.count, h.segments
      FROM ${bounds} b JOIN "MessageStatHour" h ON h."labId" = b.id AND ${Prisma.raw(range)}
      WHERE true ${filtersOn("h", query.filters, "counts")}`;
  const dayTable = query.filters.triggerKey ? "MessageStatDay" : "MessageStatChannelDay";
  return Prisma.sql`
    ${Prisma.raw(name)} AS (
      ${hours("h.hour >= b.lo AND h.hour < LEAST(b.dlo, b.hi)")}
      UNION ALL
      ${hours("h.hour >= GREATEST(b.dhi, b.lo) AND h.hour < b.hi")}
      UNION ALL
      SELECT date_trunc(${unit}, d.day::timestamp), d.channel, d.status, d.count, d.segments
      FROM ${bounds} b JOIN ${Prisma.raw(`"${dayTable}" d`)} ON d."labId" = b.id AND d.day >= b.dlo::date AND d.day < b.dhi::date
      WHERE true ${filtersOn("d", query.filters, query.filters.triggerKey ? "counts" : "narrow")}
    )`;
}

/**
 * Everything the overview shows, in one statement (one round trip, one snapshot). What each part
 * reads is the least that answers it: the breakdowns and latency take whole months from the monthly
 * tables; a daily series and the previous period's totals take the daily counts by channel; an hourly
 * or monthly series is a grouping of the breakdowns' own rows.
 */
export async function queryStatRows(db: SqlRunner, query: TStatQuery, previous: TStatQuery): Promise<TStatRow[]> {
  const nulls = (n: number) => Prisma.raw(Array.from({ length: n }, () => "NULL").join(", "));
  const byDay = query.granularity === "day";
  // An hourly series needs every hour; otherwise whole days and months serve (a daily series has a
  // source of its own, so months never have to be split into days).
  const days = query.granularity !== "hour";
  const months = days;
  return db.$queryRaw<TStatRow[]>(preparedSql("stats-overview", Prisma.sql`
    WITH ${boundsOf("cur", query, days)}, ${layeredRows("cur", "cur", query, "counts", { months })}, ${layeredRows("lat", "cur", query, "latency", { months })},
    ${byDay ? Prisma.sql`${channelDayRows("ser", "cur", query)},` : Prisma.sql`ser AS (SELECT bucket, channel, status, count, segments FROM cur),`}
    ${boundsOf("prev", { ...previous, granularity: "day" }, true)}, ${channelDayRows("prev", "prev", { ...previous, granularity: "day" })},
    groups AS (
      SELECT 'series' AS set, bucket, channel, status, NULL AS "triggerKey", NULL AS provider, NULL AS "businessAccountId", NULL AS "labId",
        NULL AS currency, NULL AS reason, sum(count)::int AS count, NULL::numeric AS cost, sum(segments)::int AS segments
      FROM ser GROUP BY bucket, channel, status HAVING sum(count) <> 0
      UNION ALL
      -- Two sets, not one per breakdown: accounts, labs, currencies and reasons are few per range, so one
      -- set over all of them (added up in the caller) costs less than hashing each row four more times.
      SELECT CASE GROUPING("triggerKey") WHEN 0 THEN 'trigger' ELSE 'detail' END,
        NULL, channel, status, "triggerKey", provider, "businessAccountId", "labId", currency, reason,
        sum(count)::int, sum(cost), sum(segments)::int
      FROM cur
      GROUP BY GROUPING SETS (("triggerKey", status), ("labId", "businessAccountId", provider, channel, status, reason, currency))
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
    FROM prev GROUP BY status HAVING sum(count) <> 0`));
}
