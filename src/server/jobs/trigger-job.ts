import { z } from "zod";
import { db } from "@/server/db";
import { jobsBackend } from "@/server/env";
import { inngest } from "@/inngest/client";
import type { AnyJobDefinition } from "@/server/jobs/define-job";
import { enqueueLocalJob } from "@/server/jobs/backends/local-backend";
import { sendInngestJob } from "@/server/jobs/backends/inngest-backend";
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
export async function triggerJob<TId extends JobId>(
  id: TId,
  payload: TJobPayload<TId>,
  options: TriggerJobOptions = {},
): Promise<void> {
  const definition: AnyJobDefinition = jobs[id];
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) throw new Error(`triggerJob(${id}): invalid payload\n${z.prettifyError(parsed.error)}`);
  // The handler parses again at run time, so the caller's payload (not the parsed output) is what travels.
  const request = { definition, payload: payload as Record<string, unknown>, ...options };
  if (jobsBackend() === "inngest") await sendInngestJob(inngest, request);
  else await enqueueLocalJob(db(), request);
}
