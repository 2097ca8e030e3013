import type { Db } from "@/server/db";
import { newId } from "@/server/db/new-id";
import { utcNow } from "@/server/jobs/local/utc-now";

// A Job row per live executor, under a name no job can have (ids are kebab-case): never claimed,
// recovered or pruned as a job, and not counted in the health check's backlog (PENDING and FAILED).
const HEARTBEAT = "executor:heartbeat";

/** Records that the executor is alive and which jobs it runs; it stays alive for `aliveForMs` without another beat. */
export async function beatHeart(db: Db, { workerId, jobs, aliveForMs }: { workerId: string; jobs: readonly string[]; aliveForMs: number }): Promise<void> {
  const payload = JSON.stringify({ jobs, aliveForMs: Math.round(aliveForMs) });
  await db.$executeRaw`
    INSERT INTO "Job" (id, name, payload, status, "maxAttempts", "runAt", "lockedAt", "lockedBy", "dedupeKey", "createdAt", "updatedAt")
    VALUES (${newId()}, ${HEARTBEAT}, ${payload}::jsonb, 'RUNNING', 0, ${utcNow}, ${utcNow}, ${workerId}, ${`heartbeat:${workerId}`}, ${utcNow}, ${utcNow})
    ON CONFLICT ("dedupeKey") DO UPDATE SET "lockedAt" = ${utcNow}, "updatedAt" = ${utcNow}, payload = EXCLUDED.payload`;
}

/** The executor stopped: nobody should count on it any longer. */
export async function stopHeart(db: Db, workerId: string): Promise<void> {
  await db.$executeRaw`DELETE FROM "Job" WHERE name = ${HEARTBEAT} AND "dedupeKey" = ${`heartbeat:${workerId}`}`;
}

/** Workers of the executors alive now (by their own last beat) that run `job`. */
export async function liveExecutors(db: Db, { job }: { job: string }): Promise<string[]> {
  const rows = await db.$queryRaw<{ workerId: string }[]>`
    SELECT "lockedBy" AS "workerId" FROM "Job"
    WHERE name = ${HEARTBEAT} AND payload -> 'jobs' @> jsonb_build_array(${job}::text)
      AND "lockedAt" > ${utcNow} - (payload ->> 'aliveForMs')::int * interval '1 millisecond'
    ORDER BY "lockedAt" DESC`;
  return rows.map((row) => row.workerId);
}

/** Deletes the heartbeats of executors that died without stopping, once silent for `silentMs`. */
export async function forgetDeadExecutors(db: Db, { silentMs }: { silentMs: number }): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "Job" WHERE name = ${HEARTBEAT} AND "lockedAt" < ${utcNow} - ${Math.round(silentMs)}::int * interval '1 millisecond'`;
}
