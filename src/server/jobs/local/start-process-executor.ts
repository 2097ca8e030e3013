import { db } from "@/server/db";
import { env } from "@/server/env";
import type { JobRegistry } from "@/server/jobs/define-registry";
import { jobs as registeredJobs } from "@/server/jobs/registry";
import { startLocalExecutor, type StopOptions } from "@/server/jobs/local/start-local-executor";
import { startExecutorThread, type ExecutorThread, type ExecutorThreadOptions } from "@/server/jobs/local/start-executor-thread";
import { stopOnSignals } from "@/server/jobs/local/stop-on-signals";
import { processExecutorSlot } from "@/server/jobs/local/wake-process-executor";

// Enough to overlap provider round-trips; the thread has a database pool of its own.
const PROCESS_CONCURRENCY = 4;
// High-priority jobs (OTP dispatch) this process's lane runs at once, beside the thread.
const LANE_CONCURRENCY = 4;

/** The registry's high-priority jobs. */
function highPriorityJobs(jobs: JobRegistry): JobRegistry {
  return Object.fromEntries(Object.entries(jobs).filter(([, definition]) => definition.priority === "high"));
}

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
  // The lane: high-priority jobs also run here, on this process's pool, so an OTP never waits for the
  // thread's event loop or its two connections, both busy with bulk dispatch (the thread keeps slots
  // for them too; whichever claims a job first runs it).
  const lane = options.entry
    ? null
    : startLocalExecutor({
        db: db(),
        pollIntervalMs: env().JOBS_POLL_INTERVAL_MS,
        concurrency: 0,
        reservedHighPriority: LANE_CONCURRENCY,
        jobs: highPriorityJobs(registeredJobs),
        workerId: `${thread.workerId}:lane`,
      });
  const shutDown = async (stopOptions: StopOptions) => {
    processExecutorSlot.clear(executor);
    await Promise.all([thread.stop(stopOptions), lane?.stop(stopOptions)]);
  };
  const removeSignalHandlers = stopOnSignals(() => shutDown({ timeoutMs: env().SHUTDOWN_TIMEOUT_MS }));
  const executor: ExecutorThread = {
    workerId: thread.workerId,
    started: thread.started,
    wake: () => {
      thread.wake();
      lane?.wake();
    },
    async stop(stopOptions) {
      removeSignalHandlers();
      await shutDown(stopOptions ?? {});
    },
  };
  processExecutorSlot.set(executor);
  return executor;
}
