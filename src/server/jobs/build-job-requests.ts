import { z } from "zod";
import type { AnyJobDefinition } from "@/server/jobs/define-job";
import type { JobRequest } from "@/server/jobs/job-request";

export interface TriggerJobOptions {
  /** Not before this instant; omitted means now. */
  runAt?: Date;
  /** Requests sharing a key run once (see JobRequest.dedupeKey for each back end's window). */
  dedupeKey?: string;
}

export type TJobItem<TPayload> = { payload: TPayload } & TriggerJobOptions;

/** Checks each payload here, so a bad one fails in the caller, not later in a worker. */
export function buildJobRequests<TPayload>(definition: AnyJobDefinition, items: readonly TJobItem<TPayload>[]): JobRequest[] {
  return items.map(({ payload, ...options }) => {
    const parsed = definition.schema.safeParse(payload);
    if (!parsed.success) throw new Error(`triggerJob(${definition.id}): invalid payload\n${z.prettifyError(parsed.error)}`);
    // The handler parses again at run time, so the caller's payload (not the parsed output) is what travels.
    return { definition, payload: payload as Record<string, unknown>, ...options };
  });
}
