import type { z } from "zod";
import { latestCronSlot } from "@/server/jobs/cron";

/** Structured logging as both pino and Inngest's logger accept it: fields first, then the message. */
export interface JobLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export interface JobContext {
  /** 1 on the first run, 2 on the first retry, and so on, on both back ends. */
  attempt: number;
  maxAttempts: number;
  /** Stable across the attempts of one job: the Job row id locally, the run id on Inngest. */
  jobId: string;
  logger: JobLogger;
  /**
   * Aborted when the run passes the job's timeout or its worker shuts down: a handler that checks it
   * (or passes it on to fetch) stops early. One that does not is abandoned, its outcome ignored.
   */
  signal: AbortSignal;
}

/** Inngest accepts 0 to 20 retries; the local executor honours the same bound. */
export type JobRetries = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20;

/**
 * Local executor's delay before retry n: min(maxMs, baseMs * 2^(n-1)), with equal jitter
 * (the upper half is random). Inngest applies its own backoff and ignores this.
 */
export interface JobBackoff {
  baseMs: number;
  maxMs: number;
}

export interface JobDefinition<TId extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly id: TId;
  readonly schema: TSchema;
  readonly retries: JobRetries;
  readonly backoff: JobBackoff;
  /** Runs the job with payload `{}` on this schedule, besides any triggered runs. */
  readonly cron?: string;
  /** A run taking longer fails (and is retried as any failure is): the local executor abandons it, Inngest cancels it. */
  readonly timeoutMs: number;
  /**
   * "high": the local executor claims these before any other job and keeps slots only they may use,
   * so they never wait behind bulk work (OTPs). Inngest gives each such job a function of its own.
   */
  readonly priority: JobPriority;
  // Method syntax keeps definitions with different payloads assignable to JobDefinition.
  handler(payload: z.output<TSchema>, ctx: JobContext): Promise<unknown>;
  /**
   * Runs of this job whose executor is known dead (its process is gone; local executor only): lets
   * the job release at once what those runs held rather than wait for it to go stale.
   */
  abandoned?(runs: readonly { jobId: string; attempt: number }[]): Promise<void>;
}

export interface DefineJobOptions<TId extends string, TSchema extends z.ZodType> {
  id: TId;
  schema: TSchema;
  handler: (payload: z.output<TSchema>, ctx: JobContext) => Promise<unknown>;
  abandoned?: JobDefinition["abandoned"];
  retries?: JobRetries;
  backoff?: Partial<JobBackoff>;
  cron?: string;
  timeoutMs?: number;
  priority?: JobPriority;
}

export type JobPriority = "high" | "normal";

export const DEFAULT_RETRIES = 3 satisfies JobRetries;
export const DEFAULT_BACKOFF: JobBackoff = { baseMs: 10_000, maxMs: 10 * 60_000 };
// Longer than any sweep or dispatch batch takes; a run past it is stuck, not busy.
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

// The id becomes an Inngest function id and the event name herald/<id>.
const JOB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Declares a job; mistakes in it throw at import time rather than at its first run. */
export function defineJob<const TId extends string, TSchema extends z.ZodType>(
  options: DefineJobOptions<TId, TSchema>,
): JobDefinition<TId, TSchema> {
  const { id, schema, handler, cron, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  if (!JOB_ID.test(id)) throw new Error(`defineJob: id "${id}" must be kebab-case (a-z, 0-9, single dashes)`);
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  if (!(backoff.baseMs > 0 && backoff.maxMs >= backoff.baseMs)) {
    throw new Error(`defineJob(${id}): backoff needs 0 < baseMs <= maxMs, got ${JSON.stringify(backoff)}`);
  }
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new Error(`defineJob(${id}): timeoutMs must be a positive whole number, got ${timeoutMs}`);
  if (cron !== undefined) {
    try {
      latestCronSlot(cron, new Date());
    } catch (error) {
      throw new Error(`defineJob(${id}): cron "${cron}" is invalid: ${(error as Error).message}`);
    }
    // Scheduled runs carry no payload, so the schema must accept an empty one.
    if (!schema.safeParse({}).success) throw new Error(`defineJob(${id}): a cron job's schema must accept {}`);
  }
  const { abandoned } = options;
  return { id, schema, handler, cron, timeoutMs, retries: options.retries ?? DEFAULT_RETRIES, backoff, priority: options.priority ?? "normal", ...(abandoned && { abandoned }) };
}

export type AnyJobDefinition = JobDefinition<string, z.ZodType>;
