import type { AnyJobDefinition } from "@/server/jobs/define-job";

/** A validated request to run a job, as each back end receives it. */
export interface JobRequest {
  definition: AnyJobDefinition;
  payload: Record<string, unknown>;
  runAt?: Date;
  /** At most one job per key: locally forever (unique column), on Inngest within its 24h event-id window. */
  dedupeKey?: string;
}
