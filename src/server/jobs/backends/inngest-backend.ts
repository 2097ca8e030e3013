import type { Inngest } from "inngest";
import type { JobRequest } from "@/server/jobs/job-request";

/** The event that triggers a job's Inngest function. */
export function jobEventName(id: string): string {
  return `herald/${id}`;
}

/** Sends the job's event; Inngest starts the run at `ts` and drops a repeated event id. */
export async function sendInngestJob(client: Inngest.Any, request: JobRequest): Promise<void> {
  const { definition, payload, runAt, dedupeKey } = request;
  await client.send({
    name: jobEventName(definition.id),
    data: payload,
    ...(dedupeKey !== undefined && { id: dedupeKey }),
    ...(runAt !== undefined && { ts: runAt.getTime() }),
  });
}
