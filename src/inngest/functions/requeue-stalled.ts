import { createJobFunction } from "@/inngest/create-job-function";
import { retryFailedJob } from "@/server/jobs/definitions/retry-failed";

/** The hourly requeue sweep; a run still going when the next is due makes the next one pointless. */
export const retryFailed = createJobFunction(retryFailedJob, { singleton: { mode: "skip" } });
