import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "@/server/db";
import { logger as defaultLogger } from "@/server/logger";
import type { JobLogger } from "@/server/jobs/define-job";
import type { JobRegistry } from "@/server/jobs/define-registry";
import { jobs as registeredJobs } from "@/server/jobs/registry";
import { claimJobs } from "@/server/jobs/local/claim-jobs";
import { enqueueCronSlots } from "@/server/jobs/local/enqueue-cron-slots";
import { recoverStaleJobs, refreshLocks } from "@/server/jobs/local/job-locks";
import { runClaimedJob } from "@/server/jobs/local/run-claimed-job";

// Locks are refreshed four times per timeout, so only a worker that stopped for two minutes loses its jobs.
export const DEFAULT_LOCK_TIMEOUT_MS = 2 * 60_000;

export interface LocalExecutorOptions {
  db: Db;
  pollIntervalMs: number;
  /** Jobs this executor runs at once. */
  concurrency: number;
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

export interface LocalExecutor {
  readonly workerId: string;
  /** Polls now rather than at the end of the interval: jobs were just queued. */
  wake(): void;
  /** Stops polling and waits for the jobs in flight to settle. */
  stop(): Promise<void>;
}

/** Names an executor in Job.lockedBy: host, process and a random part, unique per executor. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Runs jobs from the Job table in this process: the back end for machines without Inngest. */
export function startLocalExecutor(options: LocalExecutorOptions): LocalExecutor {
  const { db, pollIntervalMs, concurrency } = options;
  const workerId = options.workerId ?? defaultWorkerId();
  const jobs = options.jobs ?? registeredJobs;
  const names = Object.keys(jobs);
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  // Heartbeats happen on ticks; slower ticks would let a live worker's locks expire.
  if (pollIntervalMs * 2 > lockTimeoutMs) {
    throw new Error(`startLocalExecutor: pollIntervalMs (${pollIntervalMs}) must be at most half of lockTimeoutMs (${lockTimeoutMs})`);
  }
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? defaultLogger;

  const running = new Map<string, Promise<void>>();
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
    for (const job of await recoverStaleJobs(db, { names, lockTimeoutMs })) {
      const fields = { job: job.name, jobId: job.id, previousWorker: job.previousWorker, status: job.status, workerId };
      log.warn(fields, "recovered job from a stopped worker");
    }
  }

  async function tick(): Promise<void> {
    await maintainLocks();
    for (const slot of await enqueueCronSlots(db, { jobs, now: now(), seen: cronSlotsSeen })) {
      if (slot.inserted) log.info({ job: slot.jobId, slot: slot.slot.toISOString(), workerId }, "cron slot queued");
    }
    const claimed = await claimJobs(db, { workerId, names, limit: concurrency - running.size });
    for (const job of claimed) {
      const run = runClaimedJob(job, { db, jobs, workerId, logger: log })
        // Settling failed (database unreachable): the lock expires and recovery requeues the job.
        .catch((error: unknown) => log.error({ err: error, job: job.name, jobId: job.id, workerId }, "could not record job outcome"))
        .finally(() => {
          running.delete(job.id);
          wake();
        });
      running.set(job.id, run);
    }
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
    async stop() {
      stopping = true;
      wake();
      await loop;
      await Promise.all(running.values());
      log.info({ workerId }, "local job executor stopped");
    },
  };
}
