import { z } from "zod";
import { db, sqlOf } from "@/server/db";
import { buildJobRequests } from "@/server/jobs/build-job-requests";
import { defineJob } from "@/server/jobs/define-job";
import { submitJobs, submitJobsInTransaction } from "@/server/jobs/submit-jobs";
import { ZDispatchMessagesPayload } from "@/server/jobs/definitions/dispatch-messages";
import { dispatchMessages } from "@/server/services/delivery/dispatch-messages";
import { dispatchClaimant, expireDeadClaims } from "@/server/services/delivery/expire-dead-claims";
import type { TDispatchGroup } from "@/server/services/delivery/enqueue-dispatch";
import { followUpOtpFailures } from "@/server/services/otp/advance-otp-challenge";
import { checkOtpDelivery } from "@/server/services/otp/check-otp-delivery";
import type { TOtpDeliveryCheck, TOtpLanePort } from "@/server/services/otp/otp-lane";

/**
 * OTP messages, in a lane of their own: the same dispatch as every message, claimed before any
 * ordinary job into slots bulk work cannot take (local executor), or by an Inngest function of its
 * own. Its retries and failovers stay in the lane; a message the provider refused for good moves
 * its challenge to the next channel at once.
 */
export const dispatchOtpJob = defineJob({
  id: "dispatch-otp",
  schema: ZDispatchMessagesPayload,
  priority: "high",
  retries: 5,
  backoff: { baseMs: 1_000, maxMs: 30_000 },
  timeoutMs: 60_000,
  // A dead executor's runs leave their messages claimed: the job's re-run takes them at once.
  abandoned: async (runs) => void (await expireDeadClaims(sqlOf(db()), runs)),
  handler: async ({ messageIds }, { jobId, attempt, logger, signal }) => {
    const summary = await dispatchMessages({ db: db(), messageIds, workerId: dispatchClaimant(jobId, attempt), schedule: otpLanePort.schedule, signal });
    const fellBack = await followUpOtpFailures(db(), messageIds, logger);
    return { ...summary, fellBack };
  },
});

// labId travels for Inngest's flow control and for finding a lab's jobs.
export const ZCheckOtpDeliveryPayload = z.object({ challengeId: z.string().min(1), messageId: z.string().min(1), labId: z.string().min(1) });

/** At an OTP SMS's delivery deadline: no delivery report moves the challenge to its next channel. */
export const checkOtpDeliveryJob = defineJob({
  id: "check-otp-delivery",
  schema: ZCheckOtpDeliveryPayload,
  priority: "high",
  retries: 3,
  backoff: { baseMs: 1_000, maxMs: 10_000 },
  timeoutMs: 30_000,
  handler: async ({ challengeId, messageId }) => {
    const moved = await checkOtpDelivery({ db: db(), challengeId, messageId });
    return { moved: moved !== null };
  },
});

function dispatchRequests(groups: readonly TDispatchGroup[]) {
  return buildJobRequests(
    dispatchOtpJob,
    groups.map(({ labId, businessAccountId, messageIds, runAt }) => ({ payload: { messageIds, labId, ...(businessAccountId && { businessAccountId }) }, ...(runAt && { runAt }) })),
  );
}

function checkRequests(checks: readonly TOtpDeliveryCheck[]) {
  return buildJobRequests(
    checkOtpDeliveryJob,
    checks.map(({ challengeId, messageId, labId, at }) => ({ payload: { challengeId, messageId, labId }, runAt: at, dedupeKey: `check-otp-delivery:${messageId}` })),
  );
}

/** The OTP lane, served by these jobs. */
export const otpLanePort: TOtpLanePort = {
  scheduleInTransaction: (tx, groups, checks) => submitJobsInTransaction(tx, [...dispatchRequests(groups), ...checkRequests(checks)]),
  schedule: (groups) => submitJobs(dispatchRequests(groups)),
};
