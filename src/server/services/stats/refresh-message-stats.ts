import type { Db } from "@/server/db";
import { rollUpMessageStats } from "@/server/services/stats/roll-up-message-stats";
import { STAT_ROLLUP_ID } from "@/server/services/stats/stat-rollup-clock";

/** Figures older than this are brought up to date before a read; the minute's job keeps them within a minute otherwise. */
export const READ_REFRESH_MS = 5_000;

export type TStatFreshness = {
  /** Every change committed before this instant is in the figures. */
  asOf: Date | null;
  /** How far behind the messages the figures may be, in milliseconds, when answered. */
  lagMs: number | null;
};

/**
 * Brings the statistics up to date when they are more than a few seconds old, reading at most a few
 * slices (a long backlog is the job's), and says how current they are. When another read or the job
 * is already rolling up, this one answers at once with the figures as they stand.
 */
export async function refreshMessageStats({ db, now = () => new Date() }: { db: Db; now?: () => Date }): Promise<TStatFreshness> {
  const state = await db.statRollup.findUnique({ where: { id: STAT_ROLLUP_ID }, select: { asOf: true } });
  let asOf = state?.asOf ?? null;
  if (!asOf || now().getTime() - asOf.getTime() > READ_REFRESH_MS) {
    const result = await rollUpMessageStats({ db, maxSlices: 4 });
    asOf = result.asOf ?? asOf;
  }
  return { asOf, lagMs: asOf ? Math.max(0, now().getTime() - asOf.getTime()) : null };
}
