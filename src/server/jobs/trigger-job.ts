import type { SqlRunner } from "@/server/db/sql-runner";
import { buildJobRequests, type TJobItem, type TriggerJobOptions } from "@/server/jobs/build-job-requests";
import { submitJobs, submitJobsInTransaction, type TJobHandOff } from "@/server/jobs/submit-jobs";
import { jobs, type JobId, type TJobPayload } from "@/server/jobs/registry";

export type { TJobHandOff, TriggerJobOptions };

/**
 * Runs a registered job on the configured back end (Inngest, or the local executor's Job table).
 * The payload is checked here so a bad one fails in the caller, not later in a worker.
 */
export async function triggerJob<TId extends JobId>(id: TId, payload: TJobPayload<TId>, options: TriggerJobOptions = {}): Promise<void> {
  await triggerJobs(id, [{ payload, ...options }]);
}

/** Runs several requests of one job in a single write. */
export async function triggerJobs<TId extends JobId>(id: TId, items: readonly TJobItem<TJobPayload<TId>>[]): Promise<void> {
  await submitJobs(buildJobRequests(jobs[id], items));
}

/** Queues jobs as part of the caller's transaction (see submitJobsInTransaction). */
export async function triggerJobsInTransaction<TId extends JobId>(tx: SqlRunner, id: TId, items: readonly TJobItem<TJobPayload<TId>>[]): Promise<TJobHandOff> {
  return submitJobsInTransaction(tx, buildJobRequests(jobs[id], items));
}
