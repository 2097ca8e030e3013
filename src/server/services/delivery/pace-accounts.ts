import type { SqlRunner } from "@/server/db/sql-runner";

/** How far ahead a dispatch reserves its account's slots; what lies beyond waits in the queue. */
export const PACE_HORIZON_MS = 2_000;
/** A 429 halves the pace (down to a tenth); it climbs back to full over this long without another. */
const RECOVERY_MS = 60_000;
const MIN_FACTOR = 0.1;
/** 429s within this long of the last slowdown are the same episode (a batch's calls in flight). */
const EPISODE_MS = 1_000;

export type TSendSlots = {
  /** When each granted request may go (epoch ms), in order; fewer than asked when the horizon is full. */
  slotsMs: number[];
  /** When the first request not granted could go, and the spacing after it: for requeueing the rest. */
  nextFreeMs: number;
  stepMs: number;
};

export type TReserveSendSlotsOptions = {
  businessAccountId: string;
  ratePerSecond: number;
  requests: number;
  nowMs: number;
  horizonMs?: number;
};

/**
 * Reserves the account's next send slots for up to `requests` provider requests, in one statement
 * under the pace row's lock, so every worker and thread shares one rate (GCRA: a theoretical arrival
 * time that each request pushes one interval on). No burst: an idle spell saves no slots, so no
 * second ever holds more than the rate's requests, however late a worker comes back (a provider
 * counting per second would refuse the excess). Only slots within the horizon are granted.
 */
export async function reserveSendSlots(sql: SqlRunner, { businessAccountId, ratePerSecond, requests, nowMs, horizonMs = PACE_HORIZON_MS }: TReserveSendSlotsOptions): Promise<TSendSlots> {
  const intervalMs = 1000 / ratePerSecond;
  const reserve = () => sql.$queryRaw<{ start: number; step: number; granted: number }[]>`
    WITH cur AS (
      SELECT "businessAccountId" AS id, GREATEST("nextSlotMs", ${nowMs}::float8) AS start,
        ${intervalMs}::float8 / (factor + (1 - factor) * LEAST(1, GREATEST(0, (${nowMs}::float8 - "slowedAtMs") / ${RECOVERY_MS}))) AS step
      FROM "AccountPace" WHERE "businessAccountId" = ${businessAccountId} FOR UPDATE
    ),
    reserved AS (
      SELECT id, start, step, LEAST(${requests}::int, GREATEST(0, FLOOR((${nowMs + horizonMs}::float8 - start) / step) + 1))::int AS granted FROM cur
    )
    UPDATE "AccountPace" AS p SET "nextSlotMs" = r.start + r.granted * r.step
    FROM reserved r WHERE p."businessAccountId" = r.id
    RETURNING r.start, r.step, r.granted`;
  let [row] = await reserve();
  if (!row) {
    // The account's first paced send: its row is made once, then reserved like any other.
    await sql.$executeRaw`INSERT INTO "AccountPace" ("businessAccountId", "nextSlotMs") VALUES (${businessAccountId}, 0) ON CONFLICT DO NOTHING`;
    [row] = await reserve();
  }
  const { start, step, granted } = row!;
  return {
    slotsMs: Array.from({ length: granted }, (_, j) => Math.max(nowMs, start + j * step)),
    nextFreeMs: start + granted * step,
    stepMs: step,
  };
}

/**
 * A provider answered 429: the account's pace halves (once per episode, to a tenth at most) and
 * nothing more goes before its Retry-After.
 */
export async function slowDownAccount(sql: SqlRunner, { businessAccountId, retryAfterMs = 0, nowMs }: { businessAccountId: string; retryAfterMs?: number; nowMs: number }): Promise<void> {
  await sql.$executeRaw`
    INSERT INTO "AccountPace" AS p ("businessAccountId", "nextSlotMs", factor, "slowedAtMs")
    VALUES (${businessAccountId}, ${nowMs + retryAfterMs}::float8, 0.5, ${nowMs}::float8)
    ON CONFLICT ("businessAccountId") DO UPDATE SET
      factor = CASE WHEN ${nowMs}::float8 - p."slowedAtMs" < ${EPISODE_MS} THEN p.factor
                    ELSE GREATEST(${MIN_FACTOR}::float8, (p.factor + (1 - p.factor) * LEAST(1, GREATEST(0, (${nowMs}::float8 - p."slowedAtMs") / ${RECOVERY_MS}))) * 0.5) END,
      "slowedAtMs" = CASE WHEN ${nowMs}::float8 - p."slowedAtMs" < ${EPISODE_MS} THEN p."slowedAtMs" ELSE ${nowMs}::float8 END,
      "nextSlotMs" = GREATEST(p."nextSlotMs", ${nowMs + retryAfterMs}::float8)`;
}
