import type { Db } from "@/server/db";
import { utcNow } from "@/server/jobs/local/utc-now";

/** Heartbeat: keeps this worker's locks fresh, so only a dead worker's jobs ever look stale. */
export async function refreshLocks(db: Db, workerId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRaw`
    UPDATE "Job" SET "lockedAt" = ${utcNow}
    WHERE id = ANY(${ids}::text[]) AND status = 'RUNNING' AND "lockedBy" = ${workerId}`;
}

export interface RecoveredJob {
  id: string;
  name: string;
  status: "PENDING" | "FAILED";
  attempts: number;
  previousWorker: string | null;
}

/**
 * Returns jobs whose worker stopped refreshing its lock (crashed, killed, partitioned) to the
 * queue. The lost run counted as an attempt, so a job that kills its worker every time ends FAILED.
 */
export async function recoverStaleJobs(
  db: Db,
  { names, lockTimeoutMs }: { names: readonly string[]; lockTimeoutMs: number },
): Promise<RecoveredJob[]> {
  if (names.length === 0) return [];
  return db.$queryRaw<RecoveredJob[]>`
    UPDATE "Job" AS job
    SET status = CASE WHEN job.attempts >= job."maxAttempts" THEN 'FAILED'::"JobStatus" ELSE 'PENDING'::"JobStatus" END,
        "lastError" = 'lock of worker ' || COALESCE(job."lockedBy", '?') || ' expired: the worker stopped during the run',
        "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = ${utcNow}
    FROM (
      SELECT id, "lockedBy" FROM "Job"
      WHERE status = 'RUNNING' AND "lockedAt" < ${utcNow} - ${Math.round(lockTimeoutMs)}::int * interval '1 millisecond'
        AND name = ANY(${names}::text[])
      FOR UPDATE SKIP LOCKED
    ) AS stale
    WHERE job.id = stale.id
    RETURNING job.id, job.name, job.status::text AS status, job.attempts, stale."lockedBy" AS "previousWorker"`;
}
