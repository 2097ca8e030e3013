import type { Db } from "@/server/db";
import { enqueueLocalJob } from "@/server/jobs/backends/local-backend";
import { latestCronSlot } from "@/server/jobs/cron";
import type { JobRegistry } from "@/server/jobs/define-registry";

/** The dedupe key of a cron slot: the same in every process, so each slot is queued once. */
export function cronDedupeKey(jobId: string, slot: Date): string {
  return `cron:${jobId}:${slot.toISOString()}`;
}

export interface EnqueuedCronSlot {
  jobId: string;
  slot: Date;
  /** False when another process (or an earlier tick) queued this slot first. */
  inserted: boolean;
}

/**
 * Queues the latest due slot of every cron job. `seen` (job id -> slot time) spares the database a
 * write per tick once this process has queued a slot; the dedupe key makes that an optimisation only.
 * A slot missed while no executor ran is caught up once, then the schedule continues.
 */
export async function enqueueCronSlots(
  db: Db,
  { jobs, now, seen }: { jobs: JobRegistry; now: Date; seen: Map<string, number> },
): Promise<EnqueuedCronSlot[]> {
  const enqueued: EnqueuedCronSlot[] = [];
  for (const definition of Object.values(jobs)) {
    if (!definition.cron) continue;
    const slot = latestCronSlot(definition.cron, now);
    if (!slot || seen.get(definition.id) === slot.getTime()) continue;
    const inserted = await enqueueLocalJob(db, {
      definition,
      payload: {},
      runAt: slot,
      dedupeKey: cronDedupeKey(definition.id, slot),
    });
    seen.set(definition.id, slot.getTime());
    enqueued.push({ jobId: definition.id, slot, inserted });
  }
  return enqueued;
}
