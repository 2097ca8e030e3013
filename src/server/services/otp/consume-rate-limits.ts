import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";

/** One limit: at most `limit` uses of `key` per fixed window of `windowMs`. */
export type TRateLimit = { rule: string; key: string; limit: number; windowMs: number };

export type TRateLimited = { rule: string; limit: number; windowMs: number; retryAfterSeconds: number };

export type TRateLimitUse = { limited: TRateLimited | null; refund(): Promise<void> };

/**
 * Counts one use against every limit in one autocommit statement, in PostgreSQL so the limits hold
 * across processes, and says which limit (if any) this use goes over, with how long until its
 * window ends. The counter rows are locked only for that statement: counted inside a longer
 * transaction, every start of a lab would wait for the one before it to commit. A use that is
 * refused, or whose work fails, is handed back with `refund`, so it counts against nothing.
 * Windows are fixed (the window's index is part of the key): a burst at a window's edge may reach
 * twice a limit over one window's length, never more.
 */
export async function consumeRateLimits(db: SqlRunner, limits: readonly TRateLimit[], now: Date): Promise<TRateLimitUse> {
  if (limits.length === 0) return { limited: null, refund: async () => undefined };
  const windows = limits.map((l) => {
    const index = Math.floor(now.getTime() / l.windowMs);
    return { ...l, slot: `${l.key}@${l.windowMs}:${index}`, end: new Date((index + 1) * l.windowMs) };
  });
  const rows = await db.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO "RateLimitCounter" (key, "windowStart", count, "expiresAt")
    SELECT u.key, ${sqlTimestamp(now)}, 1, (to_timestamp(u.end_ms / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)
    FROM unnest(${windows.map((w) => w.slot)}::text[], ${windows.map((w) => w.end.getTime())}::float8[]) AS u(key, end_ms)
    ORDER BY u.key
    ON CONFLICT (key) DO UPDATE SET count = "RateLimitCounter".count + 1
    RETURNING key, count`;
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  const slots = windows.map((w) => w.slot);
  let refunded = false;
  const refund = async () => {
    if (refunded) return;
    refunded = true;
    await db.$executeRaw`UPDATE "RateLimitCounter" SET count = count - 1 WHERE key = ANY(${slots}::text[])`;
  };
  const over = windows.find((w) => (counts.get(w.slot) ?? 0) > w.limit);
  const limited = over ? { rule: over.rule, limit: over.limit, windowMs: over.windowMs, retryAfterSeconds: Math.max(1, Math.ceil((over.end.getTime() - now.getTime()) / 1000)) } : null;
  return { limited, refund };
}

/** Forgets counters whose window has ended. */
export async function pruneRateLimitCounters(db: SqlRunner, now: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "expiresAt" < ${sqlTimestamp(now)}`;
}
