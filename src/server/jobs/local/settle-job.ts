import { sqlOf, type Db } from "@/server/db";
import { describeError } from "@/server/jobs/describe-error";
import { utcNow } from "@/server/jobs/local/utc-now";

// Every settle is conditional on still holding the lock: if recovery handed the job to another
// worker meanwhile, that worker's outcome wins and these return false.

/** Once per job run: on the pool directly, without Prisma's per-statement work. */
export async function completeJob(db: Db, id: string, workerId: string): Promise<boolean> {
  const updated = await sqlOf(db).$executeRaw`
    UPDATE "Job"
    SET status = 'COMPLETED', "completedAt" = ${utcNow}, "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = ${utcNow}
    WHERE id = ${id} AND status = 'RUNNING' AND "lockedBy" = ${workerId}`;
  return updated === 1;
}

/** Puts the job back in the queue `delayMs` from now; returns its new runAt, or null if the lock was lost. */
export async function scheduleRetry(
  db: Db,
  { id, workerId, delayMs, error }: { id: string; workerId: string; delayMs: number; error: unknown },
): Promise<Date | null> {
  const rows = await db.$queryRaw<{ runAt: Date }[]>`
    UPDATE "Job"
    SET status = 'PENDING', "runAt" = ${utcNow} + ${Math.round(delayMs)}::int * interval '1 millisecond',
        "lastError" = ${describeError(error)}, "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = ${utcNow}
    WHERE id = ${id} AND status = 'RUNNING' AND "lockedBy" = ${workerId}
    RETURNING "runAt"`;
  return rows[0]?.runAt ?? null;
}

export async function failJob(
  db: Db,
  { id, workerId, error }: { id: string; workerId: string; error: unknown },
): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "Job"
    SET status = 'FAILED', "lastError" = ${describeError(error)}, "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = ${utcNow}
    WHERE id = ${id} AND status = 'RUNNING' AND "lockedBy" = ${workerId}`;
  return updated === 1;
}

/**
 * Hands a job this worker will not finish (it is shutting down) back to the queue, due now, so
 * another worker takes it at once rather than after the lock timeout. The interrupted run was not
 * the job's fault, so it does not count as an attempt.
 */
export async function releaseJob(db: Db, { id, workerId }: { id: string; workerId: string }): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "Job"
    SET status = 'PENDING', "runAt" = ${utcNow}, attempts = GREATEST(attempts - 1, 0),
        "lastError" = ${`released unfinished by worker ${workerId} at shutdown`}, "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = ${utcNow}
    WHERE id = ${id} AND status = 'RUNNING' AND "lockedBy" = ${workerId}`;
  return updated === 1;
}
