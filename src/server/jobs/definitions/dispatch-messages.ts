import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { DISPATCH_BATCH_SIZE } from "@/server/services/delivery/delivery-settings";
import { dispatchMessages } from "@/server/services/delivery/dispatch-messages";

export const ZDispatchMessagesPayload = z.object({
  messageIds: z.array(z.string().min(1)).min(1).max(DISPATCH_BATCH_SIZE),
  // Flow-control keys for Inngest (concurrency per lab, throttle per account); dispatch reads the messages themselves.
  labId: z.string().min(1).optional(),
  businessAccountId: z.string().min(1).optional(),
});

/**
 * Sends a batch of messages. Provider failures are settled per message (retry later, fail over,
 * fail) and never fail the job; only an infrastructure fault (database) throws, and the re-run is
 * safe because each message is claimed before it is sent.
 */
export const dispatchMessagesJob = defineJob({
  id: "dispatch-messages",
  schema: ZDispatchMessagesPayload,
  retries: 5,
  backoff: { baseMs: 2_000 },
  handler: async ({ messageIds }, { jobId, attempt, logger }) => {
    const summary = await dispatchMessages({ db: db(), messageIds, workerId: `${jobId}:${attempt}` });
    logger.debug({ ...summary }, "dispatched messages");
    return summary;
  },
});
