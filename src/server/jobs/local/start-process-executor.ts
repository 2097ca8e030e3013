import { env } from "@/server/env";
import type { StopOptions } from "@/server/jobs/local/start-local-executor";
import { startExecutorThread, type ExecutorThread, type ExecutorThreadOptions } from "@/server/jobs/local/start-executor-thread";
import { stopOnSignals } from "@/server/jobs/local/stop-on-signals";
import { processExecutorSlot } from "@/server/jobs/local/wake-process-executor";

// Enough to overlap provider round-trips; the thread has a database pool of its own.
const PROCESS_CONCURRENCY = 4;

/**
 * The one local executor of this process, started on first call on a worker thread of its own (so
 * dispatching never stalls the requests this process serves). On SIGTERM or SIGINT it stops
 * claiming, lets the jobs in flight finish within SHUTDOWN_TIMEOUT_MS and releases the rest to
 * other workers, then the process exits. Sends wake it when they commit (wakeProcessExecutor), so
 * the poll interval only bounds how late it notices jobs queued by other processes or falling due.
 */
export function startProcessExecutor(options: Partial<ExecutorThreadOptions> = {}): ExecutorThread {
  const running = processExecutorSlot.get();
  if (running) return running as ExecutorThread;
  const thread = startExecutorThread({ pollIntervalMs: env().JOBS_POLL_INTERVAL_MS, concurrency: PROCESS_CONCURRENCY, ...options });
  const shutDown = async (stopOptions: StopOptions) => {
    processExecutorSlot.clear(executor);
    await thread.stop(stopOptions);
  };
  const removeSignalHandlers = stopOnSignals(() => shutDown({ timeoutMs: env().SHUTDOWN_TIMEOUT_MS }));
  const executor: ExecutorThread = {
    workerId: thread.workerId,
    started: thread.started,
    wake: () => thread.wake(),
    async stop(stopOptions) {
      removeSignalHandlers();
      await shutDown(stopOptions ?? {});
    },
  };
  processExecutorSlot.set(executor);
  return executor;
}
