import { Prisma } from "@/generated/prisma/client";
import { LATENCY_BOUNDS_MS, LATENCY_BUCKETS } from "@/server/services/stats/latency-buckets";

/** The columns a message contributes to the statistics: what its rows are keyed by, then what they add up. */
export const STAT_DIMENSIONS = Prisma.sql`"labId", hour, channel, "triggerKey", "businessAccountId", provider, status, reason, currency`;
/** The counts' dimensions besides lab and time: the key of the hourly, daily and monthly rows. */
export const WIDE_KEYS = Prisma.sql`channel, "triggerKey", "businessAccountId", provider, status, reason, currency`;
/** The key of MessageStatChannelDay besides lab and day: what a daily series and its filters need. */
export const NARROW_KEYS = Prisma.sql`channel, provider, status`;
const LEDGER_COLUMN_NAMES = [
  "messageId", "labId", "hour", "channel", "triggerKey", "businessAccountId", "provider", "status", "reason", "currency", "cost", "segments", "sentBucket", "deliveredBucket",
];
export const STAT_LEDGER_COLUMNS = Prisma.raw(LEDGER_COLUMN_NAMES.map((c) => `"${c}"`).join(", "));

/** The ledger's columns of one table alias, to compare or copy whole rows. */
export function ledgerColumnsOf(alias: string): Prisma.Sql {
  return Prisma.raw(LEDGER_COLUMN_NAMES.map((c) => `${alias}."${c}"`).join(", "));
}

/** The ledger's columns of a table alias renamed with a prefix (`g."labId" AS "old_labId"`), to carry two rows in one. */
export function ledgerColumnsAs(alias: string, prefix: string): Prisma.Sql {
  return Prisma.raw(LEDGER_COLUMN_NAMES.map((c) => `${alias}."${c}" AS "${prefix}${c}"`).join(", "));
}

/** The prefixed columns back under the ledger's names. */
export function ledgerColumnsFrom(prefix: string): Prisma.Sql {
  return Prisma.raw(LEDGER_COLUMN_NAMES.map((c) => `"${prefix}${c}" AS "${c}"`).join(", "));
}

/** ON CONFLICT assignments that replace a ledger row with the new one. */
export const LEDGER_REPLACE = Prisma.raw(LEDGER_COLUMN_NAMES.slice(1).map((c) => `"${c}" = EXCLUDED."${c}"`).join(", "));

const bounds = Prisma.sql`${[...LATENCY_BOUNDS_MS]}::float8[]`;
const millisBetween = (from: Prisma.Sql, to: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${to} - ${from}) * 1000)`;

/**
 * A message's statistics row, from "Message" m joined with its "Lab" l. The hour is the lab's wall
 * clock (timestamps are stored as UTC). Latency runs from when the message was accepted, or from its
 * send time when it was scheduled (quiet hours, sendAt): the wait a lab asked for is not slowness.
 */
export const MESSAGE_STAT_ROW = Prisma.sql`
  m.id AS "messageId", m."labId",
  date_trunc('hour', (m."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE l.timezone)::timestamp(0) AS hour,
  m.channel, m."triggerKey", COALESCE(m."businessAccountId", '') AS "businessAccountId", COALESCE(m.provider, '') AS provider, m.status,
  CASE WHEN m.status = 'SKIPPED' THEN COALESCE(m."skipReason", '')
       WHEN m.status IN ('FAILED', 'UNDELIVERED') THEN COALESCE(m."errorCode", '') ELSE '' END AS reason,
  COALESCE(m.currency, '') AS currency, COALESCE(m.cost, 0)::numeric(12, 6) AS cost, COALESCE(m.segments, 0) AS segments,
  CASE WHEN m."sentAt" IS NOT NULL
    THEN width_bucket(${millisBetween(Prisma.sql`GREATEST(m."createdAt", COALESCE(m."sendAt", m."createdAt"))`, Prisma.sql`m."sentAt"`)}, ${bounds}) + 1 END AS "sentBucket",
  CASE WHEN m."sentAt" IS NOT NULL AND m."deliveredAt" IS NOT NULL
    THEN width_bucket(${millisBetween(Prisma.sql`m."sentAt"`, Prisma.sql`m."deliveredAt"`)}, ${bounds}) + 1 END AS "deliveredBucket"`;

const positions = Array.from({ length: LATENCY_BUCKETS }, (_, i) => i + 1);

/**
 * An aggregate building a latency histogram from a bucket column, each row adding `weight` (1, or -1 to
 * take a row back). Written out per position: plain FILTERed sums, no function call per row.
 */
export function histogramOf(bucketColumn: string, weight: string): Prisma.Sql {
  return Prisma.raw(`ARRAY[${positions.map((k) => `COALESCE(sum(${weight}) FILTER (WHERE ${bucketColumn} = ${k}), 0)`).join(", ")}]::int[]`);
}

/** An aggregate adding up histogram columns position by position. */
export function sumHistograms(column: string): Prisma.Sql {
  return Prisma.raw(`ARRAY[${positions.map((k) => `COALESCE(sum(${column}[${k}]), 0)`).join(", ")}]::int[]`);
}

/** Two histograms added position by position. */
function addHistograms(a: string, b: string): string {
  return `ARRAY[${positions.map((k) => `${a}[${k}] + ${b}[${k}]`).join(", ")}]::int[]`;
}

/** An all-zero histogram: a latency row that holds nothing. */
export const EMPTY_HISTOGRAM = Prisma.raw(`array_fill(0, ARRAY[${LATENCY_BUCKETS}])`);

/** The key of the latency rows: fewer dimensions than the counts, so long ranges sum few histograms. */
export const LATENCY_DIMENSIONS = Prisma.sql`"labId", channel, "triggerKey", provider`;

/**
 * Adds signed per-message rows (`source` with the ledger's columns and `n`, +1 or -1) to the hourly,
 * daily and monthly counts and latency tables (and the daily counts by channel) in one statement's CTEs; returns the CTE text to put before the final
 * SELECT (which may read `delta`).
 */
export function applyStatDeltas(source: string): Prisma.Sql {
  const from = Prisma.raw(source);
  const counts = (table: string) =>
    Prisma.raw(`count = "${table}".count + EXCLUDED.count, cost = "${table}".cost + EXCLUDED.cost, segments = "${table}".segments + EXCLUDED.segments`);
  const histograms = (table: string) =>
    Prisma.raw(`"sentLatency" = ${addHistograms(`"${table}"."sentLatency"`, 'EXCLUDED."sentLatency"')},
      "deliveredLatency" = ${addHistograms(`"${table}"."deliveredLatency"`, 'EXCLUDED."deliveredLatency"')}`);
  return Prisma.sql`
    delta AS (
      SELECT ${STAT_DIMENSIONS}, sum(n)::int AS count, sum(n * cost) AS cost, sum(n * segments)::int AS segments
      FROM ${from} GROUP BY ${STAT_DIMENSIONS}
    ),
    latency AS (
      SELECT ${LATENCY_DIMENSIONS}, hour, ${histogramOf('"sentBucket"', "n")} AS "sentLatency", ${histogramOf('"deliveredBucket"', "n")} AS "deliveredLatency"
      FROM ${from} WHERE "sentBucket" IS NOT NULL OR "deliveredBucket" IS NOT NULL GROUP BY ${LATENCY_DIMENSIONS}, hour
    ),
    hours AS (
      INSERT INTO "MessageStatHour" (${STAT_DIMENSIONS}, count, cost, segments)
      SELECT ${STAT_DIMENSIONS}, count, cost, segments FROM delta
      ON CONFLICT ("labId", hour, channel, "triggerKey", "businessAccountId", provider, status, reason, currency) DO UPDATE SET ${counts("MessageStatHour")}
    ),
    days AS (
      INSERT INTO "MessageStatDay" ("labId", day, ${WIDE_KEYS}, count, cost, segments)
      SELECT "labId", hour::date, ${WIDE_KEYS}, sum(count)::int, sum(cost), sum(segments)::int
      FROM delta GROUP BY "labId", hour::date, ${WIDE_KEYS}
      ON CONFLICT ("labId", day, ${WIDE_KEYS}) DO UPDATE SET ${counts("MessageStatDay")}
    ),
    months AS (
      INSERT INTO "MessageStatMonth" ("labId", month, ${WIDE_KEYS}, count, cost, segments)
      SELECT "labId", date_trunc('month', hour)::date, ${WIDE_KEYS}, sum(count)::int, sum(cost), sum(segments)::int
      FROM delta GROUP BY "labId", date_trunc('month', hour)::date, ${WIDE_KEYS}
      ON CONFLICT ("labId", month, ${WIDE_KEYS}) DO UPDATE SET ${counts("MessageStatMonth")}
    ),
    channel_days AS (
      INSERT INTO "MessageStatChannelDay" ("labId", day, ${NARROW_KEYS}, count, segments)
      SELECT "labId", hour::date, ${NARROW_KEYS}, sum(count)::int, sum(segments)::int
      FROM delta GROUP BY "labId", hour::date, ${NARROW_KEYS}
      ON CONFLICT ("labId", day, ${NARROW_KEYS})
      DO UPDATE SET count = "MessageStatChannelDay".count + EXCLUDED.count, segments = "MessageStatChannelDay".segments + EXCLUDED.segments
    ),
    latency_hours AS (
      INSERT INTO "MessageLatencyHour" (${LATENCY_DIMENSIONS}, hour, "sentLatency", "deliveredLatency")
      SELECT ${LATENCY_DIMENSIONS}, hour, "sentLatency", "deliveredLatency" FROM latency
      ON CONFLICT ("labId", hour, channel, "triggerKey", provider) DO UPDATE SET ${histograms("MessageLatencyHour")}
    ),
    latency_days AS (
      INSERT INTO "MessageLatencyDay" (${LATENCY_DIMENSIONS}, day, "sentLatency", "deliveredLatency")
      SELECT ${LATENCY_DIMENSIONS}, hour::date, ${sumHistograms('"sentLatency"')}, ${sumHistograms('"deliveredLatency"')}
      FROM latency GROUP BY ${LATENCY_DIMENSIONS}, hour::date
      ON CONFLICT ("labId", day, channel, "triggerKey", provider) DO UPDATE SET ${histograms("MessageLatencyDay")}
    ),
    latency_months AS (
      INSERT INTO "MessageLatencyMonth" (${LATENCY_DIMENSIONS}, month, "sentLatency", "deliveredLatency")
      SELECT ${LATENCY_DIMENSIONS}, date_trunc('month', hour)::date, ${sumHistograms('"sentLatency"')}, ${sumHistograms('"deliveredLatency"')}
      FROM latency GROUP BY ${LATENCY_DIMENSIONS}, date_trunc('month', hour)::date
      ON CONFLICT ("labId", month, channel, "triggerKey", provider) DO UPDATE SET ${histograms("MessageLatencyMonth")}
    )`;
}
