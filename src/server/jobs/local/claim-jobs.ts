import { Prisma } from "@/generated/prisma/client";
import { sqlOf, type Db } from "@/server/db";
import { utcNow } from "@/server/jobs/local/utc-now";

export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  /** Already counts this run. */
  attempts: number;
  maxAttempts: number;
}

export interface ClaimJobsOptions {
  workerId: string;
  /** Only jobs this worker can run, so an older deployment never takes a job it does not know. */
  names: readonly string[];
  limit: number;
  /** Due jobs of the first name before the next name's (each oldest first), rather than all oldest first. */
  inNameOrder?: boolean;
}

/**
 * Locks up to `limit` due jobs for this worker; SKIP LOCKED lets concurrent workers take disjoint rows.
 * On the pool directly: an executor asks on every tick and every finished job, without Prisma's
 * per-statement work.
 */
export async function claimJobs(db: Db, { workerId, names, limit, inNameOrder = false }: ClaimJobsOptions): Promise<ClaimedJob[]> {
  if (limit <= 0 || names.length === 0) return [];
  const order = inNameOrder ? Prisma.sql`array_position(${names}::text[], name), "runAt"` : Prisma.sql`"runAt"`;
  return sqlOf(db).$queryRaw<ClaimedJob[]>`
    WITH due AS (
      SELECT id FROM "Job"
      WHERE status = 'PENDING' AND "runAt" <= ${utcNow} AND name = ANY(${names}::text[])
      ORDER BY ${order}
      LIMIT ${limit}::int
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Job" AS job
    SET status = 'RUNNING', "lockedAt" = ${utcNow}, "lockedBy" = ${workerId},
        attempts = job.attempts + 1, "updatedAt" = ${utcNow}
    FROM due
    WHERE job.id = due.id
    RETURNING job.id, job.name, job.payload, job.attempts, job."maxAttempts"`;
}
