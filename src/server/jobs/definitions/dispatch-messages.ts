import { z } from "zod";
import { db, sqlOf } from "@/server/db";
import { buildJobRequests } from "@/server/jobs/build-job-requests";
import { defineJob } from "@/server/jobs/define-job";
import { submitJobs, submitJobsInTransaction } from "@/server/jobs/submit-jobs";
import { DISPATCH_BATCH_SIZE } from "@/server/services/delivery/delivery-settings";
import { dispatchMessages } from "@/server/services/delivery/dispatch-messages";
import { dispatchClaimant, expireDeadClaims } from "@/server/services/delivery/expire-dead-claims";
import type { TDispatchGroup, TDispatchPort } from "@/server/services/delivery/enqueue-dispatch";

export const ZDispatchMessagesPayload = z.object({
  messageIds: z.array(z.string().min(1)).min(1).max(DISPATCH_BATCH_SIZE),
  // Flow-control keys for Inngest (concurrency per lab, throttle per account); dispatch reads the messages themselves.
  labId: z.string().min(1).optional(),
  businessAccountId: z.string().min(1).optional(),
});

/**
 * Sends a batch of messages. Provider failures are settled per message (retry later, fail over,
 * fail) and never fail the job; only an infrastructure fault (database) throws, and the re-run is
 * safe because each message is claimed before it is sent.
 */
export const dispatchMessagesJob = defineJob({
  id: "dispatch-messages",
  schema: ZDispatchMessagesPayload,
  retries: 5,
  backoff: { baseMs: 2_000 },
  // A dead executor's runs leave their messages claimed: the job's re-run takes them at once.
  abandoned: async (runs) => void (await expireDeadClaims(sqlOf(db()), runs)),
  handler: async ({ messageIds }, { jobId, attempt, logger, signal }) => {
    const summary = await dispatchMessages({ db: db(), messageIds, workerId: dispatchClaimant(jobId, attempt), schedule: dispatchPort.schedule, signal });
    logger.debug({ ...summary }, "dispatched messages");
    return summary;
  },
});

/** Delivery's dispatch port, served by this job: what delivery hands over becomes dispatch-messages runs. */
export const dispatchPort: TDispatchPort = {
  schedule: (groups) => submitJobs(dispatchRequests(groups)),
  scheduleInTransaction: (tx, groups) => submitJobsInTransaction(tx, dispatchRequests(groups)),
};

/** One job per DISPATCH_BATCH_SIZE messages of a group, carrying its lab and account for Inngest's flow control. */
function dispatchRequests(groups: readonly TDispatchGroup[]) {
  const items = [];
  for (const { labId, businessAccountId, messageIds, runAt } of groups) {
    for (let start = 0; start < messageIds.length; start += DISPATCH_BATCH_SIZE) {
      const payload = { messageIds: messageIds.slice(start, start + DISPATCH_BATCH_SIZE), labId, ...(businessAccountId && { businessAccountId }) };
      items.push({ payload, ...(runAt && { runAt }) });
    }
  }
  return buildJobRequests(dispatchMessagesJob, items);
}
