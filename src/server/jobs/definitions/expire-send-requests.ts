import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { expireSendRequests } from "@/server/services/notifications/expire-send-requests";

export const ZExpireSendRequestsPayload = z.object({});

/** A sweep: deleting an already-deleted record is a no-op, so a repeated slot is harmless. */
export const expireSendRequestsJob = defineJob({
  id: "expire-send-requests",
  schema: ZExpireSendRequestsPayload,
  cron: "23 * * * *",
  retries: 2,
  handler: async (_payload, { logger }) => {
    const deleted = await expireSendRequests({ db: db(), now: new Date() });
    logger.info({ deleted }, "expired idempotency records deleted");
    return { deleted };
  },
});
