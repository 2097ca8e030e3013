import type { Db } from "@/server/db";
import { utcNow } from "@/server/jobs/local/utc-now";

export type TPruneFinishedJobsOptions = {
  /** COMPLETED jobs finished longer ago than this are deleted. */
  completedMs: number;
  /** FAILED jobs are kept longer, for whoever investigates them. */
  failedMs: number;
  batchSize?: number;
};

/**
 * Deletes finished Job rows in batches (each a short statement, so executors claiming beside it are
 * never held up), oldest first; returns how many of each status went.
 */
export async function pruneFinishedJobs(db: Db, { completedMs, failedMs, batchSize = 1_000 }: TPruneFinishedJobsOptions) {
  const prune = async (status: "COMPLETED" | "FAILED", olderThanMs: number) => {
    let deleted = 0;
    for (;;) {
      // runAt never follows updatedAt, so the (status, runAt) index narrows the search before updatedAt decides.
      const count = await db.$executeRaw`
        DELETE FROM "Job" WHERE id IN (
          SELECT id FROM "Job"
          WHERE status = ${status}::"JobStatus" AND "runAt" < ${utcNow} - ${olderThanMs}::int * interval '1 millisecond'
            AND "updatedAt" < ${utcNow} - ${olderThanMs}::int * interval '1 millisecond'
          LIMIT ${batchSize}::int)`;
      deleted += count;
      if (count < batchSize) return deleted;
    }
  };
  return { completed: await prune("COMPLETED", completedMs), failed: await prune("FAILED", failedMs) };
}
