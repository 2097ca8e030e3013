import { createJobFunction } from "@/inngest/create-job-function";
import { cleanupMessagesJob } from "@/server/jobs/definitions/cleanup-messages";

/** Daily retention cleanup; one run at a time (a second would only find locked batches). */
export const cleanup = createJobFunction(cleanupMessagesJob, { singleton: { mode: "skip" } });
