import type { Db } from "@/server/db";
import { logger } from "@/server/logger";
import type { AnyJobDefinition } from "@/server/jobs/define-job";
import { defineRegistry } from "@/server/jobs/define-registry";
import { liveExecutors } from "@/server/jobs/local/executor-heartbeat";
import { startLocalExecutor } from "@/server/jobs/local/start-local-executor";

export type TBorrowedExecutor = {
  /** The worker that runs the jobs: a running Herald's, or this process's own. */
  workerId: string;
  startedHere: boolean;
  /** Stops the executor if this process started it; leaves a running Herald's alone. */
  release(): Promise<void>;
};

/**
 * For a short-lived process that queues `job` and waits for its runs (the CLI's send-test): a
 * running Herald's executor takes them when one is alive (its heartbeat says so), so every run of a
 * job happens in one process; only when none is does this process run the job itself meanwhile.
 */
export async function borrowExecutor(db: Db, job: AnyJobDefinition): Promise<TBorrowedExecutor> {
  const [running] = await liveExecutors(db, { job: job.id });
  if (running) return { workerId: running, startedHere: false, release: async () => {} };
  const executor = startLocalExecutor({ db, pollIntervalMs: 100, concurrency: 1, jobs: defineRegistry(job), logger: logger.child({}, { level: "warn" }) });
  return { workerId: executor.workerId, startedHere: true, release: () => executor.stop() };
}
