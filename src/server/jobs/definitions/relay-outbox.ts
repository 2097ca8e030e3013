import { z } from "zod";
import { db } from "@/server/db";
import { heraldInngestSender, relayOutbox } from "@/server/jobs/backends/inngest-outbox";
import { defineJob } from "@/server/jobs/define-job";

export const ZRelayOutboxPayload = z.object({});

/**
 * Every minute: sends the Inngest events whose send after their commit failed (or never ran, the
 * process having died), so a hand-off lost to an Inngest outage waits a minute, not the sweep's
 * round. On the local back end nothing is written to the outbox and a run finds nothing.
 */
export const relayOutboxJob = defineJob({
  id: "relay-outbox",
  schema: ZRelayOutboxPayload,
  cron: "* * * * *",
  retries: 1,
  timeoutMs: 55_000,
  handler: async (_payload, { logger }) => {
    const result = await relayOutbox({ db: db(), send: heraldInngestSender });
    if (result.failed > 0) logger.error(result, "outbox events could not be sent; the next run tries again");
    else if (result.sent > 0) logger.warn(result, "outbox events sent after their first send failed");
    return result;
  },
});
