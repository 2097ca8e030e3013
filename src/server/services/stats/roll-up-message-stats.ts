import { Prisma } from "@/generated/prisma/client";
import { sqlTransactionOf, type Db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";
import { applyStatDeltas, EMPTY_HISTOGRAM, LEDGER_REPLACE, ledgerColumnsAs, ledgerColumnsFrom, ledgerColumnsOf, MESSAGE_STAT_ROW, STAT_LEDGER_COLUMNS } from "@/server/services/stats/message-stat-row";
import { rebuildMessageStats } from "@/server/services/stats/rebuild-message-stats";
import { lockRollupClock, STAT_ROLLUP_ID } from "@/server/services/stats/stat-rollup-clock";

/** A run reads events a slice at a time, so catching up after a long pause never holds one huge transaction. */
const SLICE_MS = 15 * 60_000;

export type TRollUpMessageStatsOptions = {
  db: Db;
  /** Slices to read at most (each its own transaction); what is left waits for the next run. */
  maxSlices?: number;
  /** With no progress recorded yet (a new installation), read every message once instead. */
  rebuildWhenNew?: boolean;
};

export type TRollUpResult = {
  /** False when another run held the rollup, or there was nothing recorded and no rebuild allowed. */
  ran: boolean;
  /** Messages whose figures changed. */
  changed: number;
  /** Everything committed before this instant is counted; null until the first complete run. */
  asOf: Date | null;
};

/**
 * Keeps the hourly, daily and monthly statistics current without adding work to the send and status paths:
 * every change to a message writes a MessageEvent, so the messages with events since the last run are
 * exactly those that may have changed. Each is compared with what it last added (MessageStatLedger);
 * a difference takes the old row back and adds the new one. Runs hold the StatRollup row, so two never
 * apply the same change; a run that finds it held returns at once.
 */
export async function rollUpMessageStats({ db, maxSlices = 100, rebuildWhenNew = true }: TRollUpMessageStatsOptions): Promise<TRollUpResult> {
  const existing = await db.statRollup.findUnique({ where: { id: STAT_ROLLUP_ID } });
  if (!existing) {
    if (!rebuildWhenNew) return { ran: false, changed: 0, asOf: null };
    await rebuildMessageStats({ db });
  }
  let changed = 0;
  for (let slice = 0; slice < maxSlices; slice++) {
    const step = await sqlTransactionOf(db, (tx) => rollUpSlice(tx), { statementTimeoutMs: 120_000 });
    if (!step) return { ran: false, changed, asOf: existing?.asOf ?? null };
    changed += step.changed;
    if (step.asOf) return { ran: true, changed, asOf: step.asOf };
  }
  const state = await db.statRollup.findUnique({ where: { id: STAT_ROLLUP_ID } });
  return { ran: true, changed, asOf: state?.asOf ?? null };
}

/** One slice of events in its own transaction; null when another run holds the rollup. */
async function rollUpSlice(tx: SqlRunner): Promise<{ changed: number; asOf: Date | null } | null> {
  const state = await lockRollupClock(tx, "skip");
  if (!state) return null;
  const { safe } = state;
  const sliceEnd = new Date(state.watermark.getTime() + SLICE_MS);
  const last = sliceEnd >= safe;
  const upper = last ? Prisma.empty : Prisma.sql`AND e."createdAt" < ${sqlTimestamp(sliceEnd)}`;
  const [result] = await tx.$queryRaw<{ changed: number; emptied: { labId: string; hour: Date }[] | null }[]>`
    WITH touched AS (
      SELECT DISTINCT e."messageId" AS id FROM "MessageEvent" e WHERE e."createdAt" >= ${sqlTimestamp(state.watermark)} ${upper}
    ),
    cur AS (SELECT ${MESSAGE_STAT_ROW} FROM touched t JOIN "Message" m ON m.id = t.id JOIN "Lab" l ON l.id = m."labId"),
    -- Each changed message with what it last added, found through the ledger's key: joining one CTE to
    -- another instead left the planner free to compare every pair (minutes for 10,000 changes).
    differs AS (
      SELECT c.*, ${ledgerColumnsAs("g", "old_")}
      FROM cur c LEFT JOIN "MessageStatLedger" g ON g."messageId" = c."messageId"
      WHERE g."messageId" IS NULL OR (${ledgerColumnsOf("g")}) IS DISTINCT FROM (${ledgerColumnsOf("c")})
    ),
    signed AS (
      SELECT ${ledgerColumnsOf("d")}, 1 AS n FROM differs d
      UNION ALL
      SELECT ${ledgerColumnsFrom("old_")}, -1 AS n FROM differs WHERE "old_messageId" IS NOT NULL
    ),
    ${applyStatDeltas("signed")},
    ledger AS (
      INSERT INTO "MessageStatLedger" (${STAT_LEDGER_COLUMNS})
      SELECT ${STAT_LEDGER_COLUMNS} FROM differs
      ON CONFLICT ("messageId") DO UPDATE SET ${LEDGER_REPLACE}
    )
    SELECT (SELECT count(*)::int FROM differs) AS changed,
      (SELECT json_agg(DISTINCT jsonb_build_object('labId', "labId", 'hour', hour))
       FROM (SELECT "labId", hour FROM delta WHERE count < 0 UNION SELECT "labId", hour FROM latency) e) AS emptied`;
  if (result?.emptied?.length) await deleteEmptiedRows(tx, result.emptied);
  const watermark = last ? safe : sliceEnd;
  const asOf = last ? state.now : null;
  await tx.$executeRaw`
    UPDATE "StatRollup" SET watermark = GREATEST(watermark, ${sqlTimestamp(watermark)}),
      "asOf" = COALESCE(${asOf === null ? null : sqlTimestamp(asOf)}, "asOf"), "updatedAt" = ${sqlTimestamp(state.now)}
    WHERE id = ${STAT_ROLLUP_ID}`;
  return { changed: result?.changed ?? 0, asOf };
}

/** Rows a change emptied (every message moved on from QUEUED, say) would only slow reading: drop them. */
async function deleteEmptiedRows(tx: SqlRunner, emptied: { labId: string; hour: Date | string }[]) {
  const labIds = emptied.map((e) => e.labId);
  const hours = emptied.map((e) => String(e.hour));
  await tx.$executeRaw`
    WITH k AS (SELECT * FROM unnest(${labIds}::text[], ${hours}::timestamp[]) AS k("labId", hour))
    DELETE FROM "MessageStatHour" h USING k WHERE h."labId" = k."labId" AND h.hour = k.hour AND h.count = 0`;
  await tx.$executeRaw`
    WITH k AS (SELECT DISTINCT "labId", hour::date AS day FROM unnest(${labIds}::text[], ${hours}::timestamp[]) AS k("labId", hour))
    DELETE FROM "MessageStatDay" d USING k WHERE d."labId" = k."labId" AND d.day = k.day AND d.count = 0`;
  await tx.$executeRaw`
    WITH k AS (SELECT DISTINCT "labId", date_trunc('month', hour)::date AS month FROM unnest(${labIds}::text[], ${hours}::timestamp[]) AS k("labId", hour))
    DELETE FROM "MessageStatMonth" d USING k WHERE d."labId" = k."labId" AND d.month = k.month AND d.count = 0`;
  await tx.$executeRaw`
    WITH k AS (SELECT DISTINCT "labId", hour::date AS day FROM unnest(${labIds}::text[], ${hours}::timestamp[]) AS k("labId", hour))
    DELETE FROM "MessageStatChannelDay" d USING k WHERE d."labId" = k."labId" AND d.day = k.day AND d.count = 0`;
  await tx.$executeRaw`
    WITH k AS (SELECT * FROM unnest(${labIds}::text[], ${hours}::timestamp[]) AS k("labId", hour))
    DELETE FROM "MessageLatencyHour" h USING k WHERE h."labId" = k."labId" AND h.hour = k.hour
      AND h."sentLatency" = ${EMPTY_HISTOGRAM} AND h."deliveredLatency" = ${EMPTY_HISTOGRAM}`;
  await tx.$executeRaw`
    WITH k AS (SELECT DISTINCT "labId", hour::date AS day FROM unnest(${labIds}::text[], ${hours}::timestamp[]) AS k("labId", hour))
    DELETE FROM "MessageLatencyDay" d USING k WHERE d."labId" = k."labId" AND d.day = k.day
      AND d."sentLatency" = ${EMPTY_HISTOGRAM} AND d."deliveredLatency" = ${EMPTY_HISTOGRAM}`;
  await tx.$executeRaw`
    WITH k AS (SELECT DISTINCT "labId", date_trunc('month', hour)::date AS month FROM unnest(${labIds}::text[], ${hours}::timestamp[]) AS k("labId", hour))
    DELETE FROM "MessageLatencyMonth" d USING k WHERE d."labId" = k."labId" AND d.month = k.month
      AND d."sentLatency" = ${EMPTY_HISTOGRAM} AND d."deliveredLatency" = ${EMPTY_HISTOGRAM}`;
}
