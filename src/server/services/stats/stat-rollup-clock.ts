import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";

/** The StatRollup row of the message statistics. */
export const STAT_ROLLUP_ID = "messages";

/**
 * An event's time comes from the clock of the process that wrote it, read before its transaction
 * began: a transaction still open when the rollup reads may commit events this much older than its
 * own start. Each run reads again from that far back; the ledger makes a second reading add nothing.
 */
export const EVENT_CLOCK_MARGIN_MS = 10_000;

export type TRollupClock = {
  watermark: Date;
  /** The database's now: everything committed before it is visible to this transaction. */
  now: Date;
  /** Events older than this are all visible: a transaction that could still commit one began after it. */
  safe: Date;
};

/**
 * Locks the StatRollup row and reads the clock: `wait` for a rebuild (which must run), skip for an
 * incremental run (another run is doing the same work). Null when skipped.
 */
export async function lockRollupClock(tx: SqlRunner, mode: "wait" | "skip"): Promise<TRollupClock | null> {
  const lock = mode === "wait" ? Prisma.sql`FOR UPDATE` : Prisma.sql`FOR UPDATE SKIP LOCKED`;
  const [state] = await tx.$queryRaw<{ watermark: Date; now: Date; oldest: Date | null }[]>`
    SELECT r.watermark, now() AT TIME ZONE 'UTC' AS now,
      (SELECT min(xact_start) AT TIME ZONE 'UTC' FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL) AS oldest
    FROM "StatRollup" r WHERE r.id = ${STAT_ROLLUP_ID} ${lock}`;
  if (!state) return null;
  const openSince = state.oldest && state.oldest < state.now ? state.oldest : state.now;
  return { watermark: state.watermark, now: state.now, safe: new Date(openSince.getTime() - EVENT_CLOCK_MARGIN_MS) };
}
