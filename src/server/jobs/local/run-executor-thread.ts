// The body of the executor's worker thread (see start-executor-thread.ts): runs a local executor
// on a database client of its own and answers the parent's "wake" and "stop" messages.
import { parentPort, workerData } from "node:worker_threads";
import { db } from "@/server/db";
import { logger } from "@/server/logger";
import { startLocalExecutor } from "@/server/jobs/local/start-local-executor";
import type { TExecutorThreadData, TExecutorThreadMessage, TExecutorThreadReply } from "@/server/jobs/local/start-executor-thread";

const port = parentPort;
if (!port) throw new Error("run-executor-thread.ts runs as a worker thread: start it with startExecutorThread()");
const { pollIntervalMs, concurrency, workerId, logLevel } = (workerData as TExecutorThreadData).options;
const reply = (message: TExecutorThreadReply) => port.postMessage(message);

const executor = startLocalExecutor({ db: db(), pollIntervalMs, concurrency, workerId, logger: logLevel ? logger.child({}, { level: logLevel }) : logger });
port.on("message", (message: TExecutorThreadMessage) => {
  if (message.type === "wake") return executor.wake();
  void executor
    .stop()
    .then(() => db().$disconnect())
    .finally(() => reply({ type: "stopped" }));
});
reply({ type: "started" });
