import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";
import { newId } from "@/server/db/new-id";
import type { JobRequest } from "@/server/jobs/job-request";
import { utcNow } from "@/server/jobs/local/utc-now";
import { sqlFromEpochMs } from "@/server/db/sql-time";

/**
 * Queues the jobs as Job rows in one statement; returns how many were new (a repeated dedupeKey is
 * not). ON CONFLICT DO NOTHING, unlike a caught unique violation, is safe inside a transaction. A job
 * without runAt is due at the database's now, the clock executors claim by.
 */
export async function enqueueLocalJobs(db: SqlRunner, requests: readonly JobRequest[]): Promise<number> {
  if (requests.length === 0) return 0;
  const column = <T>(pick: (request: JobRequest) => T) => requests.map(pick);
  return db.$executeRaw`
    INSERT INTO "Job" (id, name, payload, "maxAttempts", "runAt", "dedupeKey", "createdAt", "updatedAt")
    SELECT u.id, u.name, u.payload, u.max_attempts, COALESCE(${sqlFromEpochMs(Prisma.sql`u.run_at_ms`)}, ${utcNow}), u.dedupe_key, ${utcNow}, ${utcNow}
    FROM unnest(${column(() => newId())}::text[], ${column((r) => r.definition.id)}::text[], ${column((r) => JSON.stringify(r.payload))}::jsonb[],
                ${column((r) => r.definition.retries + 1)}::int[], ${column((r) => r.runAt?.getTime() ?? null)}::float8[],
                ${column((r) => r.dedupeKey ?? null)}::text[]) AS u(id, name, payload, max_attempts, run_at_ms, dedupe_key)
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}

/** Queues one job; false when a row with the same dedupeKey already exists. */
export async function enqueueLocalJob(db: SqlRunner, request: JobRequest): Promise<boolean> {
  return (await enqueueLocalJobs(db, [request])) === 1;
}
