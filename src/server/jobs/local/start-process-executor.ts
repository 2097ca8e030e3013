import { db } from "@/server/db";
import { env } from "@/server/env";
import { startLocalExecutor, type LocalExecutor } from "@/server/jobs/local/start-local-executor";

// Enough to overlap provider round-trips while leaving most of db()'s 10 connections to requests.
const PROCESS_CONCURRENCY = 4;

// Next may evaluate this module more than once (dev reloads, several bundles); the process holds one executor.
const globalForExecutor = globalThis as unknown as { heraldLocalExecutor?: LocalExecutor };

/** The one local executor of this process, started on first call and drained on SIGTERM. */
export function startProcessExecutor(): LocalExecutor {
  if (globalForExecutor.heraldLocalExecutor) return globalForExecutor.heraldLocalExecutor;
  const executor = startLocalExecutor({
    db: db(),
    pollIntervalMs: env().JOBS_POLL_INTERVAL_MS,
    concurrency: PROCESS_CONCURRENCY,
  });
  globalForExecutor.heraldLocalExecutor = executor;
  process.once("SIGTERM", () => {
    void executor.stop().finally(() => {
      // A SIGTERM listener cancels Node's default exit; if nobody else handles the signal, exit as it asked.
      if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
    });
  });
  return executor;
}
