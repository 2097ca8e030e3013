import type { Db } from "@/server/db";
import { logger as defaultLogger } from "@/server/logger";
import type { AnyJobDefinition, JobLogger } from "@/server/jobs/define-job";
import type { JobRegistry } from "@/server/jobs/define-registry";
import { jobs as registeredJobs } from "@/server/jobs/registry";
import { claimJobs, type ClaimedJob } from "@/server/jobs/local/claim-jobs";
import { defaultWorkerId } from "@/server/jobs/local/default-worker-id";
import { enqueueCronSlots } from "@/server/jobs/local/enqueue-cron-slots";
import { beatHeart, deadExecutors, reclaimFromDeadExecutors, stopHeart } from "@/server/jobs/local/executor-heartbeat";
import { recoverStaleJobs, refreshLocks } from "@/server/jobs/local/job-locks";
import { runClaimedJob } from "@/server/jobs/local/run-claimed-job";

/** Slots kept for high-priority jobs (OTP dispatch) beyond the executor's concurrency. */
export const DEFAULT_RESERVED_HIGH_PRIORITY = 2;

// Locks are refreshed four times per timeout, so only a worker that stopped for two minutes loses its jobs.
export const DEFAULT_LOCK_TIMEOUT_MS = 2 * 60_000;

// How often an executor looks for executors on its host whose process is gone (one small read).
const DEAD_EXECUTOR_CHECK_MS = 5_000;

export interface LocalExecutorOptions {
  db: Db;
  pollIntervalMs: number;
  /** Jobs this executor runs at once. */
  concurrency: number;
  /** Slots beyond `concurrency` that only high-priority jobs may take, so they start while bulk work fills the rest. */
  reservedHighPriority?: number;
  /** Names this process in Job.lockedBy; unique per process by default. */
  workerId?: string;
  /** How long a RUNNING job's lock may go unrefreshed before the job is taken back. */
  lockTimeoutMs?: number;
  /** The jobs to run; the app's registry by default. Jobs of other names are left alone. */
  jobs?: JobRegistry;
  logger?: JobLogger;
  /** The clock that decides which cron slot is due. */
  now?: () => Date;
}

export interface StopOptions {
  /**
   * How long the whole stop may take. Jobs still running when it is nearly up are released: their
   * handlers' signals abort and their rows go back to PENDING, due now, for another worker to take
   * at once. Without it, stop waits for every job in flight, however long.
   */
  timeoutMs?: number;
}

export interface LocalExecutor {
  readonly workerId: string;
  /** Polls now rather than at the end of the interval: jobs were just queued. */
  wake(): void;
  /** Stops claiming and waits for the jobs in flight to settle, or releases them at the deadline. */
  stop(options?: StopOptions): Promise<void>;
}

/** Of a stop's deadline, what releasing the unfinished jobs may need (one statement each, in parallel). */
export function releaseReserveMs(timeoutMs: number): number {
  return Math.min(2_000, timeoutMs / 4);
}

/** Runs jobs from the Job table in this process: the back end for machines without Inngest. */
export function startLocalExecutor(options: LocalExecutorOptions): LocalExecutor {
  const { db, pollIntervalMs, concurrency } = options;
  const workerId = options.workerId ?? defaultWorkerId();
  const jobs = options.jobs ?? registeredJobs;
  const names = Object.keys(jobs);
  const definitions: AnyJobDefinition[] = Object.values(jobs);
  const highNames = definitions.filter((d) => d.priority === "high").map((d) => d.id);
  const normalNames = definitions.filter((d) => d.priority !== "high").map((d) => d.id);
  const reserved = options.reservedHighPriority ?? DEFAULT_RESERVED_HIGH_PRIORITY;
  const highRunning = new Set<string>();
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  // Heartbeats happen on ticks; slower ticks would let a live worker's locks expire.
  if (pollIntervalMs * 2 > lockTimeoutMs) {
    throw new Error(`startLocalExecutor: pollIntervalMs (${pollIntervalMs}) must be at most half of lockTimeoutMs (${lockTimeoutMs})`);
  }
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? defaultLogger;

  const running = new Map<string, Promise<void>>();
  // Aborted at a stop's deadline: every job still running is released.
  const release = new AbortController();
  const cronSlotsSeen = new Map<string, number>();
  let lastLockMaintenance = Number.NEGATIVE_INFINITY;
  let stopping = false;
  // A finished job frees a slot: wake the loop instead of waiting out the poll interval.
  let wakeRequested = false;
  let wake = (): void => {
    wakeRequested = true;
  };

  async function maintainLocks(): Promise<void> {
    if (Date.now() - lastLockMaintenance < lockTimeoutMs / 4) return;
    lastLockMaintenance = Date.now();
    await refreshLocks(db, workerId, [...running.keys()]);
    await beatHeart(db, { workerId, jobs: names, aliveForMs: lockTimeoutMs });
    for (const job of await recoverStaleJobs(db, { names, lockTimeoutMs })) {
      const fields = { job: job.name, jobId: job.id, previousWorker: job.previousWorker, status: job.status, workerId };
      log.warn(fields, "recovered job from a stopped worker");
    }
  }

  let lastDeadCheck = Number.NEGATIVE_INFINITY;
  /** A killed executor's jobs and claims are taken back within seconds, not when its locks expire. */
  async function reclaimFromTheDead(): Promise<void> {
    if (Date.now() - lastDeadCheck < DEAD_EXECUTOR_CHECK_MS) return;
    lastDeadCheck = Date.now();
    const dead = await deadExecutors(db);
    if (dead.length === 0) return;
    const runs = await reclaimFromDeadExecutors(db, dead);
    log.warn({ workerId, deadWorkers: dead, jobs: runs.length }, "took back the jobs of executors whose process is gone");
    for (const definition of definitions) {
      const abandoned = runs.filter((run) => run.name === definition.id).map((run) => ({ jobId: run.id, attempt: run.attempt }));
      if (abandoned.length > 0 && definition.abandoned) await definition.abandoned(abandoned);
    }
  }

  async function tick(): Promise<void> {
    await maintainLocks();
    await reclaimFromTheDead();
    for (const slot of await enqueueCronSlots(db, { jobs, now: now(), seen: cronSlotsSeen })) {
      if (slot.inserted) log.info({ job: slot.jobId, slot: slot.slot.toISOString(), workerId }, "cron slot queued");
    }
    // High-priority jobs first, into any free slot (the reserved ones included); the others only into the shared ones.
    for (const job of await claimJobs(db, { workerId, names: highNames, limit: concurrency + reserved - running.size })) {
      highRunning.add(job.id);
      start(job);
    }
    const ordinaryRunning = running.size - highRunning.size;
    const limit = Math.min(concurrency - ordinaryRunning, concurrency + reserved - running.size);
    for (const job of await claimJobs(db, { workerId, names: normalNames, limit })) start(job);
  }

  function start(job: ClaimedJob): void {
    const run = runClaimedJob(job, { db, jobs, workerId, logger: log, release: release.signal })
      // Settling failed (database unreachable): the lock expires and recovery requeues the job.
      .catch((error: unknown) => log.error({ err: error, job: job.name, jobId: job.id, workerId }, "could not record job outcome"))
      .finally(() => {
        running.delete(job.id);
        highRunning.delete(job.id);
        wake();
      });
    running.set(job.id, run);
  }

  function sleep(ms: number): Promise<void> {
    if (wakeRequested) {
      wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = () => {
          wakeRequested = true;
        };
        resolve();
      }
      wake = done;
    });
  }

  const loop = (async () => {
    log.info({ workerId, jobs: names, concurrency, pollIntervalMs }, "local job executor started");
    while (!stopping) {
      try {
        await tick();
      } catch (error) {
        log.error({ err: error, workerId }, "local job executor tick failed; retrying after the poll interval");
      }
      if (!stopping) await sleep(pollIntervalMs);
    }
  })();

  return {
    workerId,
    wake: () => wake(),
    async stop({ timeoutMs }: StopOptions = {}) {
      const startedAt = Date.now();
      stopping = true;
      wake();
      await loop;
      const inFlight = Promise.all(running.values());
      if (timeoutMs === undefined) await inFlight;
      else {
        const drainMs = Math.max(0, timeoutMs - releaseReserveMs(timeoutMs) - (Date.now() - startedAt));
        let timer: NodeJS.Timeout | undefined;
        const drained = await Promise.race([inFlight.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(resolve, drainMs, false)))]);
        clearTimeout(timer);
        if (!drained) {
          log.warn({ workerId, jobs: running.size, drainMs }, "shutdown deadline near: releasing the jobs still running");
          release.abort(new Error(`worker ${workerId} is shutting down`));
          await Promise.all(running.values());
        }
      }
      await stopHeart(db, workerId).catch((error: unknown) => log.warn({ err: error, workerId }, "could not remove the executor's heartbeat"));
      log.info({ workerId }, "local job executor stopped");
    },
  };
}
