import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { cleanupMessages } from "@/server/services/delivery/cleanup-messages";

export const ZCleanupMessagesPayload = z.object({});

/**
 * Daily at 02:00 UTC (a quiet hour for labs in the Gulf and South Asia): past each lab's retention,
 * message content and personal data are erased and daily aggregates kept. A repeated run is a no-op.
 */
export const cleanupMessagesJob = defineJob({
  id: "cleanup-messages",
  schema: ZCleanupMessagesPayload,
  cron: "0 2 * * *",
  retries: 3,
  handler: async (_payload, { logger }) => {
    const result = await cleanupMessages({ db: db() });
    logger.info(result, "message retention applied");
    return result;
  },
});
