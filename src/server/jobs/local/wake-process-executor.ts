import type { LocalExecutor } from "@/server/jobs/local/start-local-executor";

// Next may evaluate modules more than once (dev reloads, several bundles); the process holds one executor.
const globalForExecutor = globalThis as unknown as { heraldLocalExecutor?: LocalExecutor };

/** The executor this process runs (startProcessExecutor), if any. */
export const processExecutorSlot = {
  get: (): LocalExecutor | undefined => globalForExecutor.heraldLocalExecutor,
  set(executor: LocalExecutor): void {
    globalForExecutor.heraldLocalExecutor = executor;
  },
  clear(executor: LocalExecutor): void {
    if (globalForExecutor.heraldLocalExecutor === executor) delete globalForExecutor.heraldLocalExecutor;
  },
};

/** Jobs were just queued: this process's executor (if it runs one) looks now, not at its next poll. */
export function wakeProcessExecutor(): void {
  globalForExecutor.heraldLocalExecutor?.wake();
}
