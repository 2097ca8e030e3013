import { createJobFunction } from "@/inngest/create-job-function";
import { requeueStalledJob } from "@/server/jobs/definitions/requeue-stalled";

/** The stalled-message sweep, every minute; a run still going when the next is due makes the next one pointless. */
export const requeueStalled = createJobFunction(requeueStalledJob, { singleton: { mode: "skip" } });
