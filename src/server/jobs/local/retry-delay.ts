import type { JobBackoff } from "@/server/jobs/define-job";

/**
 * Delay after the `failedAttempt`-th run (1-based): exponential, capped, with "equal jitter" so
 * workers that failed together spread out while each delay stays at least the previous cap.
 */
export function retryDelayMs(backoff: JobBackoff, failedAttempt: number, random: () => number = Math.random): number {
  const cap = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
