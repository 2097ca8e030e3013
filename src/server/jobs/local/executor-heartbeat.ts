import { readlinkSync } from "node:fs";
import { hostname } from "node:os";
import type { Db } from "@/server/db";
import { newId } from "@/server/db/new-id";
import { utcNow } from "@/server/jobs/local/utc-now";

// A Job row per live executor, under a name no job can have (ids are kebab-case): never claimed,
// recovered or pruned as a job, and not counted in the health check's backlog (PENDING and FAILED).
const HEARTBEAT = "executor:heartbeat";

/**
 * Where this process's id means something: the host and its process-id namespace (containers on one
 * host with one hostname still differ). Null where it cannot be read: then no executor is ever judged
 * dead by its process id.
 */
export function processSpace(): string | null {
  try {
    return `${hostname()}|${readlinkSync("/proc/self/ns/pid")}`;
  } catch {
    return null;
  }
}

/** Records that the executor is alive, which jobs it runs and its process; it stays alive for `aliveForMs` without another beat. */
export async function beatHeart(db: Db, { workerId, jobs, aliveForMs }: { workerId: string; jobs: readonly string[]; aliveForMs: number }): Promise<void> {
  const payload = JSON.stringify({ jobs, aliveForMs: Math.round(aliveForMs), space: processSpace(), pid: process.pid });
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

/** A job run that was RUNNING on an executor now known dead, put back in the queue. */
export type TAbandonedRun = { id: string; name: string; attempt: number; status: "PENDING" | "FAILED"; previousWorker: string };

/**
 * Executors whose process is gone: their heartbeat names this host's process space and a process id
 * that no longer exists. Only what can be checked here is judged: an executor elsewhere, or whose
 * process still exists (a live one, or its id reused), is left to its heartbeat going silent.
 */
export async function deadExecutors(db: Db, isAlive: (pid: number) => boolean = processExists): Promise<string[]> {
  const space = processSpace();
  if (space === null) return [];
  const rows = await db.$queryRaw<{ workerId: string; pid: number | null }[]>`
    SELECT "lockedBy" AS "workerId", (payload ->> 'pid')::int AS pid FROM "Job"
    WHERE name = ${HEARTBEAT} AND payload ->> 'space' = ${space}`;
  return rows.filter((row) => row.pid !== null && row.pid !== process.pid && !isAlive(row.pid)).map((row) => row.workerId);
}

/**
 * Takes back at once what executors known dead held: their running jobs go back to the queue (as
 * recoverStaleJobs does once a lock expires, minutes later) and their heartbeats are removed. The
 * lost run counted as an attempt. Returns the runs, for their jobs to release what they had claimed.
 */
export async function reclaimFromDeadExecutors(db: Db, workerIds: readonly string[]): Promise<TAbandonedRun[]> {
  if (workerIds.length === 0) return [];
  return db.$queryRaw<TAbandonedRun[]>`
    WITH forgotten AS (DELETE FROM "Job" WHERE name = ${HEARTBEAT} AND "lockedBy" = ANY(${workerIds}::text[]))
    UPDATE "Job" AS job
    SET status = CASE WHEN job.attempts >= job."maxAttempts" THEN 'FAILED'::"JobStatus" ELSE 'PENDING'::"JobStatus" END,
        "lastError" = 'worker ' || job."lockedBy" || ' died during the run: its process is gone',
        "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = ${utcNow}
    FROM (
      SELECT id, "lockedBy" FROM "Job"
      WHERE status = 'RUNNING' AND name <> ${HEARTBEAT} AND "lockedBy" = ANY(${workerIds}::text[])
      FOR UPDATE SKIP LOCKED
    ) AS dead
    WHERE job.id = dead.id
    RETURNING job.id, job.name, job.attempts AS attempt, job.status::text AS status, dead."lockedBy" AS "previousWorker"`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
