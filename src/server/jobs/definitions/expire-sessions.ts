import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { expireSessions } from "@/server/services/sessions/expire-sessions";

export const ZExpireSessionsPayload = z.object({});

/** A sweep: deleting an already-deleted session is a no-op, so a repeated slot is harmless. */
export const expireSessionsJob = defineJob({
  id: "expire-sessions",
  schema: ZExpireSessionsPayload,
  cron: "*/15 * * * *",
  retries: 2,
  handler: async (_payload, { logger }) => {
    const deleted = await expireSessions({ db: db(), now: new Date() });
    logger.info({ deleted }, "expired sessions deleted");
    return { deleted };
  },
});
