import type { InngestFunction } from "inngest";
import { createJobFunction } from "@/inngest/create-job-function";
import { cleanup } from "@/inngest/functions/cleanup";
import { pollStatuses } from "@/inngest/functions/poll-statuses";
import { retryFailed } from "@/inngest/functions/retry-failed";
import { sendMessage } from "@/inngest/functions/send-message";
import { jobs, type JobId } from "@/server/jobs/registry";

// Jobs whose function needs flow control (concurrency, throttle, singleton) have their own file.
const dedicated: { [Id in JobId]?: InngestFunction.Any } = {
  "dispatch-messages": sendMessage,
  "retry-failed": retryFailed,
  "poll-statuses": pollStatuses,
  "cleanup-messages": cleanup,
};

/** One Inngest function per registered job, by job id; derived so the registry stays the only list. */
export const jobFunctions = Object.fromEntries(
  Object.values(jobs).map((definition) => [definition.id, dedicated[definition.id as JobId] ?? createJobFunction(definition)]),
) as Record<JobId, InngestFunction.Any>;
