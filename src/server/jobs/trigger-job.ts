import { z } from "zod";
import { db } from "@/server/db";
import { jobsBackend } from "@/server/env";
import { inngest } from "@/inngest/client";
import type { AnyJobDefinition } from "@/server/jobs/define-job";
import { enqueueLocalJobs } from "@/server/jobs/backends/local-backend";
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

/** Runs several requests of one job in a single write (one insert, or one Inngest send). */
export async function triggerJobs<TId extends JobId>(id: TId, items: readonly ({ payload: TJobPayload<TId> } & TriggerJobOptions)[]): Promise<void> {
  const definition: AnyJobDefinition = jobs[id];
  const requests: JobRequest[] = items.map(({ payload, ...options }) => {
    const parsed = definition.schema.safeParse(payload);
    if (!parsed.success) throw new Error(`triggerJob(${id}): invalid payload\n${z.prettifyError(parsed.error)}`);
    // The handler parses again at run time, so the caller's payload (not the parsed output) is what travels.
    return { definition, payload: payload as Record<string, unknown>, ...options };
  });
  if (jobsBackend() === "inngest") await sendInngestJobs(inngest, requests);
  else await enqueueLocalJobs(db(), requests);
}
