import type { JobBackoff } from "@/server/jobs/define-job";

/** Messages per dispatch job: one claim, one result write and one event insert per batch. */
export const DISPATCH_BATCH_SIZE = 100;

/** Provider calls in flight per dispatch batch. */
export const PROVIDER_CONCURRENCY = 16;

/**
 * A SENDING claim older than this belongs to a worker that died mid-dispatch and may be taken over.
 * It must exceed the slowest provider call of a batch, or a live worker's message would be re-sent.
 */
export const STALE_CLAIM_MS = 5 * 60_000;

/** Between attempts on one account: exponential with equal jitter, as jobs retry. */
export const RETRY_BACKOFF: JobBackoff = { baseMs: 5_000, maxMs: 10 * 60_000 };
