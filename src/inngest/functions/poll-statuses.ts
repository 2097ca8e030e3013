import { createJobFunction } from "@/inngest/create-job-function";
import { pollStatusesJob } from "@/server/jobs/definitions/poll-statuses";

/** Every 5 minutes; a slow poll is not overlapped by the next one asking providers the same questions. */
export const pollStatuses = createJobFunction(pollStatusesJob, { singleton: { mode: "skip" } });
