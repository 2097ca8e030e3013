import { createJobFunction } from "@/inngest/create-job-function";
import { pollRecentStatusesJob } from "@/server/jobs/definitions/poll-recent-statuses";
import { pollStatusesJob } from "@/server/jobs/definitions/poll-statuses";

/** Every 5 minutes; a slow poll is not overlapped by the next one asking providers the same questions. */
export const pollStatuses = createJobFunction(pollStatusesJob, { singleton: { mode: "skip" } });

/** Every minute, the messages at the targeted poll's ages; skipped while the last one still runs. */
export const pollRecentStatuses = createJobFunction(pollRecentStatusesJob, { singleton: { mode: "skip" } });
