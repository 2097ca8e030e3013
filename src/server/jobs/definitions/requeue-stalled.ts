import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { requeueStalledMessages } from "@/server/services/delivery/requeue-stalled-messages";

export const ZRetryFailedPayload = z.object({});

/**
 * Hourly safety net for the delivery pipeline: messages whose dispatch job was lost and claims left
 * by dead workers go back to dispatch. Retries of provider failures are scheduled by dispatch itself.
 */
export const retryFailedJob = defineJob({
  id: "retry-failed",
  schema: ZRetryFailedPayload,
  cron: "0 * * * *",
  retries: 2,
  handler: async (_payload, { logger }) => {
    const result = await requeueStalledMessages({ db: db() });
    if (result.requeued > 0) logger.warn(result, "requeued stalled messages");
    return result;
  },
});
