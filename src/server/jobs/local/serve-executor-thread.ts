import { parentPort, workerData } from "node:worker_threads";
import { db } from "@/server/db";
import { logger } from "@/server/logger";
import type { JobRegistry } from "@/server/jobs/define-registry";
import { jobs as registeredJobs } from "@/server/jobs/registry";
import { startLocalExecutor } from "@/server/jobs/local/start-local-executor";
import { installJobPorts } from "@/server/jobs/install-job-ports";
import type { TExecutorLane, TExecutorThreadData, TExecutorThreadMessage, TExecutorThreadReply } from "@/server/jobs/local/start-executor-thread";

/**
 * The body of the executor's worker thread (see start-executor-thread.ts): runs a local executor
 * for `jobs` (the app's registry by default; of them, those of its lane) on a database client of its
 * own and answers the parent's "wake" and "stop" messages.
 */
export function serveExecutorThread(jobs?: JobRegistry): void {
  const port = parentPort;
  if (!port) throw new Error("the executor's entry runs as a worker thread: start it with startExecutorThread()");
  const { pollIntervalMs, concurrency, workerId, logLevel, lane = "all" } = (workerData as TExecutorThreadData).options;
  const reply = (message: TExecutorThreadReply) => port.postMessage(message);
  // Jobs hand work on through the same ports as the server's requests do (an OTP fallback queues its next send).
  installJobPorts();

  const executor = startLocalExecutor({
    db: db(),
    pollIntervalMs,
    // A lane's slots are all reserved for high-priority jobs; the ordinary thread reserves none.
    concurrency: lane === "high" ? 0 : concurrency,
    reservedHighPriority: lane === "high" ? concurrency : lane === "ordinary" ? 0 : undefined,
    workerId,
    jobs: jobsOfLane(jobs ?? registeredJobs, lane),
    logger: logLevel ? logger.child({}, { level: logLevel }) : logger,
  });
  port.on("message", (message: TExecutorThreadMessage) => {
    if (message.type === "wake") return executor.wake();
    void executor
      .stop({ timeoutMs: message.timeoutMs })
      .then(() => db().$disconnect())
      .finally(() => reply({ type: "stopped" }));
  });
  reply({ type: "started" });
}

function jobsOfLane(jobs: JobRegistry, lane: TExecutorLane): JobRegistry {
  if (lane === "all") return jobs;
  return Object.fromEntries(Object.entries(jobs).filter(([, definition]) => (definition.priority === "high") === (lane === "high")));
}
