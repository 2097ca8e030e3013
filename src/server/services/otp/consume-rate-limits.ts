import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";

/** One limit: at most `limit` uses of `key` per fixed window of `windowMs`. */
export type TRateLimit = { rule: string; key: string; limit: number; windowMs: number };

export type TRateLimited = { rule: string; limit: number; windowMs: number; retryAfterSeconds: number };

/**
 * Counts one use against every limit in one statement, in PostgreSQL so the limits hold across
 * processes; returns the first limit this use goes over (with how long until its window ends), else
 * null. The counters commit or roll back with the caller's transaction, so a refused start counts
 * against nothing. Windows are fixed (the window's index is part of the key): a burst at a window's
 * edge may reach twice a limit over one window's length, never more.
 */
export async function consumeRateLimits(tx: SqlRunner, limits: readonly TRateLimit[], now: Date): Promise<TRateLimited | null> {
  if (limits.length === 0) return null;
  const windows = limits.map((l) => {
    const index = Math.floor(now.getTime() / l.windowMs);
    return { ...l, slot: `${l.key}@${l.windowMs}:${index}`, end: new Date((index + 1) * l.windowMs) };
  });
  const rows = await tx.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO "RateLimitCounter" (key, "windowStart", count, "expiresAt")
    SELECT u.key, ${sqlTimestamp(now)}, 1, (to_timestamp(u.end_ms / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)
    FROM unnest(${windows.map((w) => w.slot)}::text[], ${windows.map((w) => w.end.getTime())}::float8[]) AS u(key, end_ms)
    ORDER BY u.key
    ON CONFLICT (key) DO UPDATE SET count = "RateLimitCounter".count + 1
    RETURNING key, count`;
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  for (const w of windows) {
    if ((counts.get(w.slot) ?? 0) > w.limit) {
      return { rule: w.rule, limit: w.limit, windowMs: w.windowMs, retryAfterSeconds: Math.max(1, Math.ceil((w.end.getTime() - now.getTime()) / 1000)) };
    }
  }
  return null;
}

/** Forgets counters whose window has ended. */
export async function pruneRateLimitCounters(db: SqlRunner, now: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimitCounter" WHERE "expiresAt" < ${sqlTimestamp(now)}`;
}
