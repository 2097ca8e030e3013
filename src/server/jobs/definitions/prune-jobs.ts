import { z } from "zod";
import { db } from "@/server/db";
import { pruneOutbox } from "@/server/jobs/backends/inngest-outbox";
import { defineJob } from "@/server/jobs/define-job";
import { forgetDeadExecutors } from "@/server/jobs/local/executor-heartbeat";
import { pruneFinishedJobs } from "@/server/jobs/local/prune-finished-jobs";

export const ZPruneJobsPayload = z.object({});

const DAY_MS = 24 * 60 * 60_000;
/**
 * How long finished work stays to be looked at: completed jobs and sent events a day, failed jobs a
 * week; the heartbeat of an executor that died without stopping, a day.
 */
export const JOB_RETENTION = { completedMs: DAY_MS, failedMs: 7 * DAY_MS, sentEventsMs: DAY_MS, deadExecutorMs: DAY_MS } as const;

/**
 * Hourly: the sweeps alone queue two jobs a minute, so finished rows would otherwise grow the Job
 * table (and the claim's index) without end. A repeated run deletes nothing more.
 */
export const pruneJobsJob = defineJob({
  id: "prune-jobs",
  schema: ZPruneJobsPayload,
  cron: "41 * * * *",
  retries: 2,
  handler: async (_payload, { logger }) => {
    const jobs = await pruneFinishedJobs(db(), JOB_RETENTION);
    const sentEvents = await pruneOutbox(db(), { sentBefore: new Date(Date.now() - JOB_RETENTION.sentEventsMs) });
    const deadExecutors = await forgetDeadExecutors(db(), { silentMs: JOB_RETENTION.deadExecutorMs });
    const result = { ...jobs, sentEvents, deadExecutors };
    logger.info(result, "finished jobs, sent events and dead executors' heartbeats pruned");
    return result;
  },
});
