import type { InngestFunction } from "inngest";
import { createJobFunction } from "@/inngest/create-job-function";
import { cleanup } from "@/inngest/functions/cleanup";
import { dispatchMessages } from "@/inngest/functions/dispatch-messages";
import { dispatchOtp } from "@/inngest/functions/dispatch-otp";
import { pollRecentStatuses, pollStatuses } from "@/inngest/functions/poll-statuses";
import { relayOutbox } from "@/inngest/functions/relay-outbox";
import { requeueStalled } from "@/inngest/functions/requeue-stalled";
import { jobs, type JobId } from "@/server/jobs/registry";

// Jobs whose function needs flow control (concurrency, throttle, singleton) have their own file.
const dedicated: { [Id in JobId]?: InngestFunction.Any } = {
  "dispatch-messages": dispatchMessages,
  "dispatch-otp": dispatchOtp,
  "requeue-stalled": requeueStalled,
  "relay-outbox": relayOutbox,
  "poll-statuses": pollStatuses,
  "poll-recent-statuses": pollRecentStatuses,
  "cleanup-messages": cleanup,
};

/** One Inngest function per registered job, by job id; derived so the registry stays the only list. */
export const jobFunctions = Object.fromEntries(
  Object.values(jobs).map((definition) => [definition.id, dedicated[definition.id as JobId] ?? createJobFunction(definition)]),
) as Record<JobId, InngestFunction.Any>;
