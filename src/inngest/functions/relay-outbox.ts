import { createJobFunction } from "@/inngest/create-job-function";
import { relayOutboxJob } from "@/server/jobs/definitions/relay-outbox";

/** Every minute; two relays at once would only send the same rows twice (which Inngest drops by event id). */
export const relayOutbox = createJobFunction(relayOutboxJob, { singleton: { mode: "skip" } });
