import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { pollStatuses } from "@/server/services/delivery/poll-statuses";

export const ZPollStatusesPayload = z.object({});

/** Catches statuses whose webhooks never came (or whose provider has none): every 5 minutes, in batches. */
export const pollStatusesJob = defineJob({
  id: "poll-statuses",
  schema: ZPollStatusesPayload,
  cron: "*/5 * * * *",
  retries: 1,
  handler: async (_payload, { logger }) => {
    const result = await pollStatuses({ db: db() });
    logger.info(result, "polled message statuses");
    return result;
  },
});
