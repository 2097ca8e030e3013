import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { logger as defaultLogger } from "@/server/logger";
import type { JobLogger } from "@/server/jobs/define-job";
import { defaultWorkerId, type LocalExecutor } from "@/server/jobs/local/start-local-executor";

export interface ExecutorThreadOptions {
  pollIntervalMs: number;
  /** Jobs the thread runs at once. */
  concurrency: number;
  workerId?: string;
  /** The thread's log level (pino's, "silent" included); the app's LOG_LEVEL by default. */
  logLevel?: string;
  /** The database the thread works on; this process's DATABASE_URL by default. */
  databaseUrl?: string;
  /** Connections of the thread's pool: how many of its statements run at once, whatever its concurrency. */
  poolSize?: number;
  /** The project's root, where the thread's sources are; the working directory by default. */
  root?: string;
  /** Logs the thread's crashes and restarts. */
  logger?: JobLogger;
}

/** What the thread is started with (`workerData`). */
export type TExecutorThreadData = { entry: string; options: { pollIntervalMs: number; concurrency: number; workerId: string; logLevel?: string } };
/** Parent to thread. */
export type TExecutorThreadMessage = { type: "wake" } | { type: "stop" };
/** Thread to parent. */
export type TExecutorThreadReply = { type: "started" } | { type: "stopped" };

export interface ExecutorThread extends LocalExecutor {
  /** Settles once the thread's executor runs; rejects if the first start failed. */
  readonly started: Promise<void>;
}

// The thread runs Herald's sources through tsx at run time, so Next must not bundle them. Turbopack
// follows `new Worker(...)` of node:worker_threads (ignoring magic comments there) and would try to;
// the constructor taken from the runtime is opaque to it.
const { Worker: WorkerThread } = process.getBuiltinModule("node:worker_threads");

// Two statements at a time: a burst of dispatch cannot crowd the requests' statements out of a small
// machine's cores, while jobs still overlap their provider calls (they hold no connection meanwhile,
// and no job waits on one connection while holding another, so two cannot deadlock).
const DEFAULT_POOL_SIZE = 2;
const BOOTSTRAP = "src/server/jobs/local/executor-thread.mjs";
const ENTRY = "src/server/jobs/local/run-executor-thread.ts";
const FIRST_RESTART_DELAY_MS = 1_000;
const LAST_RESTART_DELAY_MS = 30_000;
// A thread that ran this long before it died starts the back-off again from the first delay.
const HEALTHY_RUN_MS = 60_000;

/**
 * Runs the local executor on a worker thread with a database client of its own, so dispatching
 * never holds up the requests on this thread's event loop. A thread that dies is started again
 * after a back-off (1 s doubling to 30 s); `stop` drains the jobs in flight.
 */
export function startExecutorThread(options: ExecutorThreadOptions): ExecutorThread {
  const root = options.root ?? process.cwd();
  const bootstrap = join(root, BOOTSTRAP);
  if (!existsSync(bootstrap)) throw new Error(`startExecutorThread: ${bootstrap} not found; set root to Herald's project directory`);
  const workerId = options.workerId ?? defaultWorkerId();
  const log = options.logger ?? defaultLogger;
  const workerData: TExecutorThreadData = {
    entry: pathToFileURL(join(root, ENTRY)).href,
    options: { pollIntervalMs: options.pollIntervalMs, concurrency: options.concurrency, workerId, logLevel: options.logLevel },
  };

  let worker: Worker | null = null;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let restartDelayMs = FIRST_RESTART_DELAY_MS;
  // Settling a settled promise does nothing, so only the first start can resolve or reject it.
  let markStarted: (() => void) | undefined;
  let failStart: ((error: Error) => void) | undefined;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    failStart = reject;
  });
  // The caller may never await `started`; a failed first start is logged below either way.
  started.catch(() => {});

  function spawn(): void {
    const startedAt = Date.now();
    const env = {
      ...process.env,
      ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
      DATABASE_POOL_SIZE: String(options.poolSize ?? DEFAULT_POOL_SIZE),
    };
    const thread = new WorkerThread(bootstrap, { workerData, env, name: `herald-executor ${workerId}` });
    worker = thread;
    let lastError: Error | undefined;
    thread.on("message", (reply: TExecutorThreadReply) => {
      if (reply.type === "started") markStarted?.();
      // Drained and disconnected: nothing the thread still holds open may keep it alive.
      else void thread.terminate();
    });
    thread.on("error", (error) => {
      lastError = error;
    });
    thread.on("exit", (code) => {
      worker = null;
      if (stopping) return;
      const error = lastError ?? new Error(`the executor thread exited with code ${code}`);
      failStart?.(error);
      if (Date.now() - startedAt >= HEALTHY_RUN_MS) restartDelayMs = FIRST_RESTART_DELAY_MS;
      log.error({ err: error, workerId, restartInMs: restartDelayMs }, "local job executor thread died; starting it again");
      restartTimer = setTimeout(spawn, restartDelayMs);
      restartDelayMs = Math.min(restartDelayMs * 2, LAST_RESTART_DELAY_MS);
    });
  }

  const send = (message: TExecutorThreadMessage) => worker?.postMessage(message);
  spawn();

  return {
    workerId,
    started,
    wake: () => send({ type: "wake" }),
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const thread = worker;
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      send({ type: "stop" });
      await exited;
    },
  };
}
