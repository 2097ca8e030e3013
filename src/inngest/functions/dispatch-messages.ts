import { createJobFunction } from "@/inngest/create-job-function";
import { dispatchMessagesJob } from "@/server/jobs/definitions/dispatch-messages";

/**
 * The dispatch-messages job on Inngest. Each event carries labId and, when known, the business
 * account expected to send (enqueueDispatch groups by them): a lab's burst cannot take every worker,
 * and an account is not driven past a provider's rate (100 messages per run: 20 runs/s is 2,000/s).
 */
export const dispatchMessages = createJobFunction(dispatchMessagesJob, {
  concurrency: [{ key: "event.data.labId", limit: 10 }],
  throttle: { key: "event.data.businessAccountId", limit: 20, period: "1s", burst: 10 },
});
