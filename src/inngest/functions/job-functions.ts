import type { InngestFunction } from "inngest";
import { createJobFunction } from "@/inngest/create-job-function";
import { jobs, type JobId } from "@/server/jobs/registry";

/** One Inngest function per registered job, by job id; derived so the registry stays the only list. */
export const jobFunctions = Object.fromEntries(
  Object.values(jobs).map((definition) => [definition.id, createJobFunction(definition)]),
) as Record<JobId, InngestFunction.Any>;
