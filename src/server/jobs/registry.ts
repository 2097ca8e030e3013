import type { z } from "zod";
import { defineRegistry } from "@/server/jobs/define-registry";
import { expireSessionsJob } from "@/server/jobs/definitions/expire-sessions";
import { cleanupMessagesJob } from "@/server/jobs/definitions/cleanup-messages";
import { dispatchMessagesJob } from "@/server/jobs/definitions/dispatch-messages";
import { pollStatusesJob } from "@/server/jobs/definitions/poll-statuses";
import { pollRecentStatusesJob } from "@/server/jobs/definitions/poll-recent-statuses";
import { requeueStalledJob } from "@/server/jobs/definitions/requeue-stalled";
import { expireSendRequestsJob } from "@/server/jobs/definitions/expire-send-requests";
import { relayOutboxJob } from "@/server/jobs/definitions/relay-outbox";
import { pruneJobsJob } from "@/server/jobs/definitions/prune-jobs";
import { checkOtpDeliveryJob, dispatchOtpJob } from "@/server/jobs/definitions/dispatch-otp";
import { sweepOtpChallengesJob } from "@/server/jobs/definitions/sweep-otp-challenges";
import { rollUpStatsJob } from "@/server/jobs/definitions/roll-up-stats";
import { sendPartnerDigestsJob } from "@/server/jobs/definitions/send-partner-digests";
import { runCampaignJob } from "@/server/jobs/definitions/run-campaign";

/** Every job Herald runs. Adding one here is all it takes: both back ends and the Inngest route read this map. */
export const jobs = defineRegistry(
  expireSessionsJob,
  dispatchMessagesJob,
  requeueStalledJob,
  relayOutboxJob,
  pollStatusesJob,
  pollRecentStatusesJob,
  cleanupMessagesJob,
  expireSendRequestsJob,
  pruneJobsJob,
  dispatchOtpJob,
  checkOtpDeliveryJob,
  sweepOtpChallengesJob,
  rollUpStatsJob,
  sendPartnerDigestsJob,
  runCampaignJob,
);

export type JobId = keyof typeof jobs;
export type TJobPayload<TId extends JobId> = z.input<(typeof jobs)[TId]["schema"]>;
