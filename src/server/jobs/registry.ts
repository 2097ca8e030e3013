import type { z } from "zod";
import { defineRegistry } from "@/server/jobs/define-registry";
import { expireSessionsJob } from "@/server/jobs/definitions/expire-sessions";
import { cleanupMessagesJob } from "@/server/jobs/definitions/cleanup-messages";
import { dispatchMessagesJob } from "@/server/jobs/definitions/dispatch-messages";
import { pollStatusesJob } from "@/server/jobs/definitions/poll-statuses";
import { retryFailedJob } from "@/server/jobs/definitions/retry-failed";
import { expireSendRequestsJob } from "@/server/jobs/definitions/expire-send-requests";

/** Every job Herald runs. Adding one here is all it takes: both back ends and the Inngest route read this map. */
export const jobs = defineRegistry(
  expireSessionsJob,
  dispatchMessagesJob,
  retryFailedJob,
  pollStatusesJob,
  cleanupMessagesJob,
  expireSendRequestsJob,
);

export type JobId = keyof typeof jobs;
export type TJobPayload<TId extends JobId> = z.input<(typeof jobs)[TId]["schema"]>;
