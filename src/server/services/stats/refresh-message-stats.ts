import type { Db } from "@/server/db";
import { logger } from "@/server/logger";
import { rollUpMessageStats } from "@/server/services/stats/roll-up-message-stats";
import { STAT_ROLLUP_ID } from "@/server/services/stats/stat-rollup-clock";

/** Figures older than this are topped up when read; the minute's job keeps them within a minute otherwise. */
export const READ_REFRESH_MS = 5_000;

export type TStatFreshness = {
  /** Every change committed before this instant is in the figures. */
  asOf: Date | null;
  /** How far behind the messages the figures may be, in milliseconds, when answered. */
  lagMs: number | null;
};

/**
 * Says how current the statistics are and, when they are more than a few seconds old, starts a top-up
 * (a few slices at most; a long backlog is the job's) without waiting for it: the answer goes out with
 * the figures as they stand and their lag, and the next read (a dashboard asks every few seconds)
 * finds them current. Only with no figures at all (a new installation) does the read wait for them.
 */
export async function refreshMessageStats({ db, now = () => new Date() }: { db: Db; now?: () => Date }): Promise<TStatFreshness> {
  const state = await db.statRollup.findUnique({ where: { id: STAT_ROLLUP_ID }, select: { asOf: true } });
  let asOf = state?.asOf ?? null;
  if (!asOf) {
    asOf = (await rollUpMessageStats({ db, maxSlices: 4 })).asOf;
  } else if (now().getTime() - asOf.getTime() > READ_REFRESH_MS) {
    rollUpMessageStats({ db, maxSlices: 4 }).catch((error: unknown) => logger.warn({ err: error }, "statistics top-up failed"));
  }
  return { asOf, lagMs: asOf ? Math.max(0, now().getTime() - asOf.getTime()) : null };
}
