import { db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
import { jobsBackend } from "@/server/env";
import { logger } from "@/server/logger";
import { enqueueLocalJobs } from "@/server/jobs/backends/local-backend";
import { heraldInngestSender, sendOutboxRows, writeOutboxEvents, type TOutboxRow } from "@/server/jobs/backends/inngest-outbox";
import type { JobRequest } from "@/server/jobs/job-request";
import { wakeProcessExecutor } from "@/server/jobs/local/wake-process-executor";

/** What a transaction still owes its jobs once it has committed. */
export type TJobHandOff = { afterCommit(): Promise<void> };

/**
 * Runs validated job requests on the configured back end, in one write: Job rows for the local
 * executor, or (for Inngest) OutboxEvent rows, sent right away and, should that fail, by the
 * relay-outbox job within a minute. Either way the request is durable once this returns.
 */
export async function submitJobs(requests: readonly JobRequest[]): Promise<void> {
  if (requests.length === 0) return;
  if (jobsBackend() === "inngest") await relayNow(await writeOutboxEvents(db(), requests));
  else if ((await enqueueLocalJobs(db(), requests)) > 0) wakeProcessExecutor();
}

/**
 * The same as part of the caller's transaction: the rows commit or roll back with the work they are
 * about (and cost no commit of their own). `afterCommit`, which the caller runs once `tx` has
 * committed, wakes this process's executor or sends the Inngest events.
 */
export async function submitJobsInTransaction(tx: SqlRunner, requests: readonly JobRequest[]): Promise<TJobHandOff> {
  if (jobsBackend() === "inngest") {
    const rows = await writeOutboxEvents(tx, requests);
    return { afterCommit: () => relayNow(rows) };
  }
  const queued = await enqueueLocalJobs(tx, requests);
  return {
    afterCommit: async () => {
      if (queued > 0) wakeProcessExecutor();
    },
  };
}

/** Sends committed outbox rows now; a failure is left to the relay job, since the rows are already safe. */
async function relayNow(rows: readonly TOutboxRow[]): Promise<void> {
  try {
    await sendOutboxRows(db(), heraldInngestSender, rows);
  } catch (error) {
    logger.warn({ err: error, events: rows.length }, "Inngest events not sent; the relay-outbox job sends them within a minute");
  }
}
