import { z } from "zod";
import { db } from "@/server/db";
import { buildJobRequests } from "@/server/jobs/build-job-requests";
import { defineJob } from "@/server/jobs/define-job";
import { submitJobs, submitJobsInTransaction } from "@/server/jobs/submit-jobs";
import type { TCampaignLanePort, TCampaignRun } from "@/server/services/campaigns/campaign-lane";
import { runCampaign } from "@/server/services/campaigns/run-campaign";

// labId travels for Inngest's flow control (one campaign step per lab at a time) and for finding a lab's jobs.
export const ZRunCampaignPayload = z.object({ campaignId: z.string().min(1), labId: z.string().min(1) });

/**
 * One step of a campaign: accepts the rows the lab's campaign pace allows into the send flow, then
 * queues the next step at the pace's next free slot. Normal priority, and never more than the pace:
 * OTPs keep their reserved lane and transactional sends find the queue as short as without it. A
 * step that fails is retried; its rows' idempotency keys make the retry send nothing twice.
 */
export const runCampaignJob = defineJob({
  id: "run-campaign",
  schema: ZRunCampaignPayload,
  retries: 10,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  timeoutMs: 60_000,
  handler: async ({ campaignId, labId }) => {
    const { accepted, rejected, nextRunAt } = await runCampaign({ db: db(), labId, campaignId });
    if (nextRunAt) await campaignLanePort.schedule({ campaignId, labId, runAt: nextRunAt });
    return { accepted, rejected, nextRunAt: nextRunAt?.toISOString() ?? null };
  },
});

function runRequests({ campaignId, labId, runAt }: TCampaignRun) {
  return buildJobRequests(runCampaignJob, [{ payload: { campaignId, labId }, ...(runAt && { runAt }) }]);
}

/** The campaign lane, served by this job. */
export const campaignLanePort: TCampaignLanePort = {
  scheduleInTransaction: (tx, run) => submitJobsInTransaction(tx, runRequests(run)),
  schedule: (run) => submitJobs(runRequests(run)),
};
