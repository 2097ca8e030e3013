import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { JobRequest } from "@/server/jobs/job-request";

/** Queues the jobs as Job rows in one statement; returns how many were new (a repeated dedupeKey is not). */
export async function enqueueLocalJobs(db: Db, requests: readonly JobRequest[]): Promise<number> {
  if (requests.length === 0) return 0;
  const now = new Date();
  // skipDuplicates is ON CONFLICT DO NOTHING: unlike a caught unique violation it is safe inside a transaction.
  const { count } = await db.job.createMany({
    data: requests.map(({ definition, payload, runAt, dedupeKey }) => ({
      name: definition.id,
      payload: payload as Prisma.InputJsonObject,
      maxAttempts: definition.retries + 1,
      runAt: runAt ?? now,
      dedupeKey,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** Queues one job; false when a row with the same dedupeKey already exists. */
export async function enqueueLocalJob(db: Db, request: JobRequest): Promise<boolean> {
  return (await enqueueLocalJobs(db, [request])) === 1;
}
