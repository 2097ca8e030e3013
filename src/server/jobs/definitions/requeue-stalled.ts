import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { dispatchPort } from "@/server/jobs/definitions/dispatch-messages";
import { otpLanePort } from "@/server/jobs/definitions/dispatch-otp";
import { requeueStalledMessages } from "@/server/services/delivery/requeue-stalled-messages";

export const ZRequeueStalledPayload = z.object({});

/**
 * The delivery pipeline's safety net, every minute: messages whose dispatch job was lost and claims
 * left by dead workers go back to dispatch, so no accepted message waits much more than a minute
 * after a failure (OTP messages in their own lane). Retries of provider failures are scheduled by
 * dispatch itself.
 */
export const requeueStalledJob = defineJob({
  id: "requeue-stalled",
  schema: ZRequeueStalledPayload,
  cron: "* * * * *",
  retries: 2,
  timeoutMs: 55_000,
  handler: async (_payload, { logger }) => {
    const result = await requeueStalledMessages({ db: db(), schedule: dispatchPort.schedule, scheduleOtp: otpLanePort.schedule });
    if (result.requeued > 0) logger.warn(result, "requeued stalled messages");
    return result;
  },
});
