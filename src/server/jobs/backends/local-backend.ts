import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { JobRequest } from "@/server/jobs/job-request";

/** Queues the job as a Job row; false when a row with the same dedupeKey already exists. */
export async function enqueueLocalJob(db: Db, request: JobRequest): Promise<boolean> {
  const { definition, payload, runAt, dedupeKey } = request;
  // skipDuplicates is ON CONFLICT DO NOTHING: unlike a caught unique violation it is safe inside a transaction.
  const { count } = await db.job.createMany({
    data: {
      name: definition.id,
      payload: payload as Prisma.InputJsonObject,
      maxAttempts: definition.retries + 1,
      runAt: runAt ?? new Date(),
      dedupeKey,
    },
    skipDuplicates: true,
  });
  return count === 1;
}
