import type { SqlRunner } from "@/server/db/sql-runner";
import { env } from "@/server/env";

export type TCampaignSlots = { granted: number; nextFreeMs: number };

/**
 * Reserves up to `messages` of the lab's campaign pace within the horizon, in one statement under the
 * pace row's lock (GCRA, no burst, as an account's pace): every campaign of the lab, on every worker,
 * shares one rate, so a lab running three campaigns sends no faster than one, and its transactional
 * and OTP traffic keeps the rest of its accounts' capacity.
 */
export async function reserveCampaignSlots(sql: SqlRunner, { labId, messages, nowMs, horizonMs }: { labId: string; messages: number; nowMs: number; horizonMs: number }): Promise<TCampaignSlots> {
  const fallbackRate = env().CAMPAIGN_RATE_PER_SECOND;
  await sql.$executeRaw`INSERT INTO "CampaignPace" ("labId") VALUES (${labId}) ON CONFLICT DO NOTHING`;
  const [row] = await sql.$queryRaw<{ granted: number; nextFreeMs: number }[]>`
    WITH cur AS (
      SELECT "labId", GREATEST("nextSlotMs", ${nowMs}::float8) AS start, 1000 / COALESCE("ratePerSecond", ${fallbackRate}::float8) AS step
      FROM "CampaignPace" WHERE "labId" = ${labId} FOR UPDATE
    ),
    reserved AS (
      SELECT "labId", start, step, LEAST(${messages}::int, GREATEST(0, FLOOR((${nowMs + horizonMs}::float8 - start) / step) + 1))::int AS granted FROM cur
    )
    UPDATE "CampaignPace" AS p SET "nextSlotMs" = r.start + r.granted * r.step
    FROM reserved r WHERE p."labId" = r."labId"
    RETURNING r.granted, r.start + r.granted * r.step AS "nextFreeMs"`;
  return row!;
}
