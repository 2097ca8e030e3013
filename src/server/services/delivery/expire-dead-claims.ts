import type { SqlRunner } from "@/server/db/sql-runner";
import { STALE_CLAIM_MS } from "@/server/services/delivery/delivery-settings";

/** The name a dispatch run claims its messages under: its job and attempt. */
export function dispatchClaimant(jobId: string, attempt: number): string {
  return `${jobId}:${attempt}`;
}

/**
 * Makes the claims of dispatch runs that are known dead (their executor's process is gone) stale
 * now, so the re-run of their job takes those messages at once, as it takes any stale claim: a
 * provider call that had begun is an unknown outcome (see prepareAttempt), one that had not is
 * simply made. Each claim's time moves back by the stale-claim age; whether its call had begun
 * (`callStartedAt` at or after `claimedAt`) reads the same. Never called for a live run.
 */
export async function expireDeadClaims(db: SqlRunner, runs: readonly { jobId: string; attempt: number }[], staleClaimMs = STALE_CLAIM_MS): Promise<number> {
  if (runs.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "Message" SET "claimedAt" = "claimedAt" - ${staleClaimMs}::int * interval '1 millisecond'
    WHERE status = 'SENDING'::"MessageStatus" AND "claimedAt" IS NOT NULL
      AND "claimedBy" = ANY(${runs.map((run) => dispatchClaimant(run.jobId, run.attempt))}::text[])`;
}
