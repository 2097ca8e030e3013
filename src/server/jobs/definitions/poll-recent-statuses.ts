import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { pollStatuses, RECENT_POLL_AGES } from "@/server/services/delivery/poll-statuses";

export const ZPollRecentStatusesPayload = z.object({});

/**
 * Every minute, the messages sent 1, 2, 4, 8 and 16 minutes ago still waiting for their callbacks
 * (one lost while Herald restarted, or refused under load): looked up well before the five-minute
 * poll would, backing off, and never through an account whose breaker is open.
 */
export const pollRecentStatusesJob = defineJob({
  id: "poll-recent-statuses",
  schema: ZPollRecentStatusesPayload,
  cron: "* * * * *",
  retries: 0,
  timeoutMs: 55_000,
  handler: async (_payload, { logger }) => {
    const result = await pollStatuses({ db: db(), ages: RECENT_POLL_AGES });
    if (result.changed > 0 || result.skipped > 0) logger.info(result, "polled recent message statuses");
    return result;
  },
});
