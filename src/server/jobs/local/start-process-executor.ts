import { env } from "@/server/env";
import type { StopOptions } from "@/server/jobs/local/start-local-executor";
import { startExecutorThread, type ExecutorThread, type ExecutorThreadOptions } from "@/server/jobs/local/start-executor-thread";
import { stopOnSignals } from "@/server/jobs/local/stop-on-signals";
import { processExecutorSlot } from "@/server/jobs/local/wake-process-executor";

// Enough to overlap provider round-trips; the thread has a database pool of its own.
const PROCESS_CONCURRENCY = 4;
// High-priority jobs (OTP dispatch) the lane's thread runs at once.
const LANE_CONCURRENCY = 4;

/**
 * The one local executor of this process, started on first call on worker threads of its own (so
 * dispatching never stalls the requests this process serves): one for ordinary jobs, and a lane for
 * high-priority ones (OTP dispatch) with its own event loop and database connections, so a code
 * never waits for the bulk thread's loop or pool, nor for this process's requests. On SIGTERM or
 * SIGINT both stop claiming, let the jobs in flight finish within SHUTDOWN_TIMEOUT_MS and release
 * the rest to other workers, then the process exits. Sends wake them when they commit
 * (wakeProcessExecutor), so the poll interval only bounds how late they notice jobs queued by other
 * processes or falling due. With an `entry` of its own (tests), one thread runs all of its jobs.
 */
export function startProcessExecutor(options: Partial<ExecutorThreadOptions> = {}): ExecutorThread {
  const running = processExecutorSlot.get();
  if (running) return running as ExecutorThread;
  const base = { pollIntervalMs: env().JOBS_POLL_INTERVAL_MS, concurrency: PROCESS_CONCURRENCY, ...options };
  const thread = startExecutorThread({ ...base, lane: options.entry ? "all" : "ordinary" });
  const lane = options.entry ? null : startExecutorThread({ ...base, concurrency: LANE_CONCURRENCY, lane: "high", workerId: `${thread.workerId}:lane` });
  const threads = lane ? [thread, lane] : [thread];
  const shutDown = async (stopOptions: StopOptions) => {
    processExecutorSlot.clear(executor);
    await Promise.all(threads.map((t) => t.stop(stopOptions)));
  };
  const removeSignalHandlers = stopOnSignals(() => shutDown({ timeoutMs: env().SHUTDOWN_TIMEOUT_MS }));
  const executor: ExecutorThread = {
    workerId: thread.workerId,
    started: Promise.all(threads.map((t) => t.started)).then(() => undefined),
    wake: () => threads.forEach((t) => t.wake()),
    async stop(stopOptions) {
      removeSignalHandlers();
      await shutDown(stopOptions ?? {});
    },
  };
  executor.started.catch(() => {});
  processExecutorSlot.set(executor);
  return executor;
}
