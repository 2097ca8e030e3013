import type { AnyJobDefinition, JobContext } from "@/server/jobs/define-job";

/** A run that passed its job's timeoutMs: a failure like any other, retried while attempts remain. */
export class JobTimeoutError extends Error {
  constructor(jobId: string, timeoutMs: number) {
    super(`${jobId} did not finish within ${timeoutMs} ms; the run was abandoned`);
    this.name = "JobTimeoutError";
  }
}

/**
 * Runs a job's handler with an AbortSignal that fires when the run passes the job's timeout or
 * `stop` fires (the worker shutting down). Either way this settles at once with the signal's
 * reason, without waiting for a handler that ignores the signal: that run is abandoned and whatever
 * it ends with is dropped.
 */
export async function runJobHandler(
  definition: AnyJobDefinition,
  payload: unknown,
  ctx: Omit<JobContext, "signal">,
  stop?: AbortSignal,
): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new JobTimeoutError(definition.id, definition.timeoutMs)), definition.timeoutMs);
  const onStop = () => controller.abort(stop?.reason);
  if (stop?.aborted) onStop();
  else stop?.addEventListener("abort", onStop, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    else controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  try {
    const run = Promise.resolve().then(() => definition.handler(payload, { ...ctx, signal: controller.signal }));
    // An abandoned run may still reject later; that outcome is dropped, not an unhandled rejection.
    run.catch(() => {});
    return await Promise.race([run, aborted]);
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener("abort", onStop);
  }
}
