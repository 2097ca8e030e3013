import { z } from "zod";
import { db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
import { jobsBackend } from "@/server/env";
import { inngest } from "@/inngest/client";
import type { AnyJobDefinition } from "@/server/jobs/define-job";
import { enqueueLocalJobs } from "@/server/jobs/backends/local-backend";
import { wakeProcessExecutor } from "@/server/jobs/local/start-process-executor";
import { sendInngestJobs } from "@/server/jobs/backends/inngest-backend";
import type { JobRequest } from "@/server/jobs/job-request";
import { jobs, type JobId, type TJobPayload } from "@/server/jobs/registry";

export interface TriggerJobOptions {
  /** Not before this instant; omitted means now. */
  runAt?: Date;
  /** Requests sharing a key run once (see JobRequest.dedupeKey for each back end's window). */
  dedupeKey?: string;
}

/**
 * Runs a registered job on the configured back end (Inngest, or the local executor's Job table).
 * The payload is checked here so a bad one fails in the caller, not later in a worker.
 */
export async function triggerJob<TId extends JobId>(id: TId, payload: TJobPayload<TId>, options: TriggerJobOptions = {}): Promise<void> {
  await triggerJobs(id, [{ payload, ...options }]);
}

type TJobItems<TId extends JobId> = readonly ({ payload: TJobPayload<TId> } & TriggerJobOptions)[];

/** Runs several requests of one job in a single write (one insert, or one Inngest send). */
export async function triggerJobs<TId extends JobId>(id: TId, items: TJobItems<TId>): Promise<void> {
  const requests = jobRequests(id, items);
  if (jobsBackend() === "inngest") await sendInngestJobs(inngest, requests);
  else if ((await enqueueLocalJobs(db(), requests)) > 0) wakeProcessExecutor();
}

/** What a transaction still owes its jobs once it has committed. */
export type TJobHandOff = { afterCommit(): Promise<void> };

/**
 * Queues jobs as part of the caller's transaction where the back end can take part in it: local Job
 * rows are written through `tx`, so they commit or roll back with the work they are about (and cost
 * no commit of their own). Inngest cannot join a database transaction, so its events are sent by
 * `afterCommit`, which the caller runs once `tx` has committed.
 */
export async function triggerJobsInTransaction<TId extends JobId>(tx: SqlRunner, id: TId, items: TJobItems<TId>): Promise<TJobHandOff> {
  const requests = jobRequests(id, items);
  if (jobsBackend() === "inngest") return { afterCommit: () => sendInngestJobs(inngest, requests) };
  const queued = await enqueueLocalJobs(tx, requests);
  return {
    afterCommit: async () => {
      if (queued > 0) wakeProcessExecutor();
    },
  };
}

/** Checks each payload here, so a bad one fails in the caller, not later in a worker. */
function jobRequests<TId extends JobId>(id: TId, items: TJobItems<TId>): JobRequest[] {
  const definition: AnyJobDefinition = jobs[id];
  return items.map(({ payload, ...options }) => {
    const parsed = definition.schema.safeParse(payload);
    if (!parsed.success) throw new Error(`triggerJob(${id}): invalid payload\n${z.prettifyError(parsed.error)}`);
    // The handler parses again at run time, so the caller's payload (not the parsed output) is what travels.
    return { definition, payload: payload as Record<string, unknown>, ...options };
  });
}
