import { env } from "@/server/env";
import { startExecutorThread, type ExecutorThread, type ExecutorThreadOptions } from "@/server/jobs/local/start-executor-thread";

// Enough to overlap provider round-trips; the thread has a database pool of its own.
const PROCESS_CONCURRENCY = 4;

// Next may evaluate this module more than once (dev reloads, several bundles); the process holds one executor.
const globalForExecutor = globalThis as unknown as { heraldLocalExecutor?: ExecutorThread };

/**
 * The one local executor of this process, started on first call on a worker thread of its own (so
 * dispatching never stalls the requests this process serves) and drained on SIGTERM. Sends wake it
 * when they commit (wakeProcessExecutor), so the poll interval only bounds how late it notices jobs
 * queued by other processes or falling due.
 */
export function startProcessExecutor(options: Partial<ExecutorThreadOptions> = {}): ExecutorThread {
  const running = globalForExecutor.heraldLocalExecutor;
  if (running) return running;
  const thread = startExecutorThread({ pollIntervalMs: env().JOBS_POLL_INTERVAL_MS, concurrency: PROCESS_CONCURRENCY, ...options });
  const onSigterm = () => {
    void executor.stop().finally(() => {
      // A SIGTERM listener cancels Node's default exit; if nobody else handles the signal, exit as it asked.
      if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
    });
  };
  const executor: ExecutorThread = {
    workerId: thread.workerId,
    started: thread.started,
    wake: () => thread.wake(),
    async stop() {
      process.off("SIGTERM", onSigterm);
      if (globalForExecutor.heraldLocalExecutor === executor) delete globalForExecutor.heraldLocalExecutor;
      await thread.stop();
    },
  };
  globalForExecutor.heraldLocalExecutor = executor;
  process.once("SIGTERM", onSigterm);
  return executor;
}

/** Jobs were just queued: this process's executor (if it runs one) looks now, not at its next poll. */
export function wakeProcessExecutor(): void {
  globalForExecutor.heraldLocalExecutor?.wake();
}
