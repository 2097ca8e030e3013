import { internalEvents, NonRetriableError, type InngestFunction } from "inngest";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { jobEventName } from "@/server/jobs/backends/inngest-outbox";
import type { AnyJobDefinition } from "@/server/jobs/define-job";
import { PermanentJobError } from "@/server/jobs/permanent-job-error";
import { runJobHandler } from "@/server/jobs/run-job-handler";

/** Inngest's flow control for a job's function, which the local executor has no counterpart for. */
export type TJobFunctionOptions = Pick<InngestFunction.Options, "concurrency" | "throttle" | "singleton">;

/**
 * A job as an Inngest function: triggered by herald/<id> (and its cron), retried as the definition
 * says. A run past the job's timeout fails its step, which Inngest retries like any other failure.
 */
export function createJobFunction(definition: AnyJobDefinition, options: TJobFunctionOptions = {}): InngestFunction.Any {
  const triggers: InngestFunction.Trigger<string>[] = [{ event: jobEventName(definition.id) }];
  if (definition.cron) triggers.push({ cron: definition.cron });

  return inngest.createFunction(
    { id: definition.id, retries: definition.retries, triggers, ...options },
    async ({ event, attempt, runId, logger, step }) => {
      // A scheduled run is triggered by Inngest's timer event, whose data is not a payload.
      const raw: unknown = event.name === internalEvents.ScheduledTimer ? {} : event.data;
      const parsed = definition.schema.safeParse(raw);
      if (!parsed.success) {
        throw new NonRetriableError(`${definition.id}: payload does not match the schema:\n${z.prettifyError(parsed.error)}`);
      }
      return step.run(definition.id, async () => {
        try {
          // Inngest counts attempts from 0; handlers see 1 on the first run, as with the local executor.
          const ctx = { attempt: attempt + 1, maxAttempts: definition.retries + 1, jobId: runId, logger };
          return await runJobHandler(definition, parsed.data, ctx);
        } catch (error) {
          if (error instanceof PermanentJobError) throw new NonRetriableError(error.message, { cause: error });
          throw error;
        }
      });
    },
  );
}
