import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { logger as defaultLogger } from "@/server/logger";
import type { JobLogger } from "@/server/jobs/define-job";
import { defaultWorkerId } from "@/server/jobs/local/default-worker-id";
import type { LocalExecutor, StopOptions } from "@/server/jobs/local/start-local-executor";

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
  /** The project's root, where the thread's sources and build output are; the working directory by default. */
  root?: string;
  /**
   * The thread's entry: a bundle (.mjs or .js), run as it is, or a TypeScript module, loaded through
   * tsx. By default the bundle `next build` writes (EXECUTOR_THREAD_BUNDLE) in production, so a
   * deployment needs no sources, and the sources otherwise, so a change shows without a build.
   */
  entry?: string;
  /** Logs the thread's crashes and restarts. */
  logger?: JobLogger;
  /**
   * Which of the entry's jobs the thread runs: all of them (by default), only the high-priority ones
   * (a lane: `concurrency` slots that bulk work can never take), or only the others.
   */
  lane?: TExecutorLane;
}

export type TExecutorLane = "all" | "high" | "ordinary";

/** What the thread is started with (`workerData`). */
export type TExecutorThreadData = { entry?: string; options: { pollIntervalMs: number; concurrency: number; workerId: string; logLevel?: string; lane?: TExecutorLane } };
/** Parent to thread. */
export type TExecutorThreadMessage = { type: "wake" } | { type: "stop"; timeoutMs?: number };
/** Thread to parent. */
export type TExecutorThreadReply = { type: "started" } | { type: "stopped" };

export interface ExecutorThread extends LocalExecutor {
  /** Settles once the thread's executor runs; rejects if the first start failed. */
  readonly started: Promise<void>;
}

// The thread runs its own bundle or Herald's sources through tsx, so Next must not bundle them. Turbopack
// follows `new Worker(...)` of node:worker_threads (ignoring magic comments there) and would try to;
// the constructor taken from the runtime is opaque to it.
const { Worker: WorkerThread } = process.getBuiltinModule("node:worker_threads");

// Two statements at a time: a burst of dispatch cannot crowd the requests' statements out of a small
// machine's cores, while jobs still overlap their provider calls (they hold no connection meanwhile,
// and no job waits on one connection while holding another, so two cannot deadlock).
const DEFAULT_POOL_SIZE = 2;
const BOOTSTRAP = "src/server/jobs/local/executor-thread.mjs";
export const EXECUTOR_THREAD_ENTRY = "src/server/jobs/local/run-executor-thread.ts";
/** Where `next build` bundles the entry (scripts/build-executor-thread.ts, run from next.config.ts). */
export const EXECUTOR_THREAD_BUNDLE = ".next/herald/executor-thread.mjs";
// A thread that has not answered a stop this long after its deadline is hung (on the database): it is terminated.
const STOP_GRACE_MS = 1_000;
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
  const { file, entry } = threadFiles(root, options.entry);
  const workerId = options.workerId ?? defaultWorkerId();
  const log = options.logger ?? defaultLogger;
  const workerData: TExecutorThreadData = {
    entry,
    options: { pollIntervalMs: options.pollIntervalMs, concurrency: options.concurrency, workerId, logLevel: options.logLevel, lane: options.lane },
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
    const thread = new WorkerThread(file, { workerData, env, name: `herald-executor ${workerId}` });
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

  let stopped: Promise<void> | undefined;
  async function stopThread({ timeoutMs }: StopOptions): Promise<void> {
    stopping = true;
    clearTimeout(restartTimer);
    const thread = worker;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
    send({ type: "stop", timeoutMs });
    if (timeoutMs === undefined) return exited;
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<true>((resolve) => (timer = setTimeout(resolve, timeoutMs + STOP_GRACE_MS, true)));
    if (await Promise.race([exited, hung])) {
      // Its jobs' locks expire and recovery requeues them: later than a release, but not lost.
      log.error({ workerId, timeoutMs }, "local job executor thread did not stop by its deadline; terminating it");
      await thread.terminate();
    }
    clearTimeout(timer);
  }

  return {
    workerId,
    started,
    wake: () => send({ type: "wake" }),
    // Once: a second call (a signal, then an explicit stop) waits for the first.
    stop: (options: StopOptions = {}) => (stopped ??= stopThread(options)),
  };
}

/** The file the thread runs and, for TypeScript, the module the bootstrap loads through tsx. */
function threadFiles(root: string, entry: string | undefined): { file: string; entry?: string } {
  if (entry && !entry.endsWith(".ts")) return { file: entry };
  if (!entry && process.env.NODE_ENV === "production" && existsSync(join(root, EXECUTOR_THREAD_BUNDLE))) return { file: join(root, EXECUTOR_THREAD_BUNDLE) };
  const bootstrap = join(root, BOOTSTRAP);
  if (!existsSync(bootstrap)) {
    const built = process.env.NODE_ENV === "production" ? ` and ${join(root, EXECUTOR_THREAD_BUNDLE)} was not built (npm run build)` : "";
    throw new Error(`startExecutorThread: ${bootstrap} not found${built}; set root to Herald's project directory`);
  }
  return { file: bootstrap, entry: pathToFileURL(entry ?? join(root, EXECUTOR_THREAD_ENTRY)).href };
}
