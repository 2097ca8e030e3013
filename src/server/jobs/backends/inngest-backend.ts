import type { Inngest } from "inngest";
import type { JobRequest } from "@/server/jobs/job-request";

/** The event that triggers a job's Inngest function. */
export function jobEventName(id: string): string {
  return `herald/${id}`;
}

/** Sends the jobs' events in one call; Inngest starts each run at `ts` and drops a repeated event id. */
export async function sendInngestJobs(client: Inngest.Any, requests: readonly JobRequest[]): Promise<void> {
  if (requests.length === 0) return;
  await client.send(
    requests.map(({ definition, payload, runAt, dedupeKey }) => ({
      name: jobEventName(definition.id),
      data: payload,
      ...(dedupeKey !== undefined && { id: dedupeKey }),
      ...(runAt !== undefined && { ts: runAt.getTime() }),
    })),
  );
}
