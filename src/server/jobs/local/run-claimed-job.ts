import { z } from "zod";
import type { Db } from "@/server/db";
import { bindLogger } from "@/server/jobs/bind-logger";
import type { AnyJobDefinition, JobLogger } from "@/server/jobs/define-job";
import type { JobRegistry } from "@/server/jobs/define-registry";
import { PermanentJobError } from "@/server/jobs/permanent-job-error";
import { runJobHandler } from "@/server/jobs/run-job-handler";
import type { ClaimedJob } from "@/server/jobs/local/claim-jobs";
import { retryDelayMs } from "@/server/jobs/local/retry-delay";
import { completeJob, failJob, releaseJob, scheduleRetry } from "@/server/jobs/local/settle-job";

export interface RunClaimedJobDeps {
  db: Db;
  jobs: JobRegistry;
  workerId: string;
  logger: JobLogger;
  /** Fires when the worker stops waiting for this run (shutting down): the job goes back to the queue unfinished. */
  release?: AbortSignal;
}

type Outcome = { ok: true } | { ok: false; error: unknown; permanent: boolean } | { released: true };

/** Runs one claimed job's handler and records the outcome: completed, retry later, failed, or released. */
export async function runClaimedJob(job: ClaimedJob, { db, jobs, workerId, logger, release }: RunClaimedJobDeps): Promise<void> {
  const log = bindLogger(logger, { job: job.name, jobId: job.id, attempt: job.attempts, workerId });
  const definition = jobs[job.name];
  const outcome: Outcome = definition
    ? await runHandler(job, definition, log, release)
    : { ok: false, error: new PermanentJobError(`no job named "${job.name}" in this worker's registry`), permanent: true };

  let settled: boolean;
  if ("released" in outcome) {
    settled = await releaseJob(db, { id: job.id, workerId });
    if (settled) log.warn({}, "job released unfinished at shutdown; another worker takes it now");
  } else if (outcome.ok) {
    settled = await completeJob(db, job.id, workerId);
    if (settled) log.info({}, "job completed");
  } else if (outcome.permanent || !definition || job.attempts >= job.maxAttempts) {
    settled = await failJob(db, { id: job.id, workerId, error: outcome.error });
    if (settled) log.error({ err: outcome.error, permanent: outcome.permanent }, "job failed");
  } else {
    const delayMs = retryDelayMs(definition.backoff, job.attempts);
    const runAt = await scheduleRetry(db, { id: job.id, workerId, delayMs, error: outcome.error });
    settled = runAt !== null;
    if (runAt) log.warn({ err: outcome.error, retryInMs: delayMs, runAt: runAt.toISOString() }, "job attempt failed; retry scheduled");
  }
  // Recovery judged this worker dead and requeued the job; whoever holds it now records the outcome.
  if (!settled) log.warn({ err: "error" in outcome ? outcome.error : undefined }, "job lock expired during the run; outcome discarded");
}

async function runHandler(job: ClaimedJob, definition: AnyJobDefinition, logger: JobLogger, release?: AbortSignal): Promise<Outcome> {
  const parsed = definition.schema.safeParse(job.payload);
  if (!parsed.success) {
    const error = new PermanentJobError(`payload does not match the schema:\n${z.prettifyError(parsed.error)}`);
    return { ok: false, error, permanent: true };
  }
  try {
    await runJobHandler(definition, parsed.data, { attempt: job.attempts, maxAttempts: job.maxAttempts, jobId: job.id, logger }, release);
    return { ok: true };
  } catch (error) {
    if (release?.aborted && error === release.reason) return { released: true };
    return { ok: false, error, permanent: error instanceof PermanentJobError };
  }
}
