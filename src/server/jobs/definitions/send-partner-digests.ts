import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { sendDueDigests } from "@/server/services/partners/send-due-digests";

export const ZSendPartnerDigestsPayload = z.object({});

/**
 * Every minute: the partner digests whose window has closed go out, one message per contact carrying
 * the window's events. A sweep over a table rather than Inngest's batching or debounce: a digest closes
 * at a partner's local time (which neither expresses), its events must outlive any event bus, and the
 * same sweep runs on the local executor unchanged.
 */
export const sendPartnerDigestsJob = defineJob({
  id: "send-partner-digests",
  schema: ZSendPartnerDigestsPayload,
  cron: "* * * * *",
  retries: 3,
  handler: async (_payload, { logger }) => {
    const result = await sendDueDigests({ db: db() });
    if (result.digests > 0) logger.info(result, "partner digests sent");
    return result;
  },
});
