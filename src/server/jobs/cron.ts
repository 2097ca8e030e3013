import { Cron } from "croner";

// Inngest reads a cron in UTC unless it starts with "TZ=<zone> "; the local executor reads it the same way.
const TZ_PREFIX = /^TZ=(\S+)\s+(.+)$/;

/** Parses a 5-field cron (optionally "TZ=<IANA zone> ..."); throws naming what is wrong. */
export function parseCron(expression: string): Cron {
  const trimmed = expression.trim();
  const match = TZ_PREFIX.exec(trimmed);
  return new Cron(match?.[2] ?? trimmed, { timezone: match?.[1] ?? "UTC", mode: "5-part" });
}

/** Per expression: its parsed schedule, and the last slot found with the instant the next one starts. */
const schedules = new Map<string, { cron: Cron; slot?: { at: number; until: number } }>();

/**
 * The most recent slot at or before `now`, or null when the schedule has never fired. Executors ask
 * on every poll, so the answer is kept until the next slot begins rather than computed each time.
 */
export function latestCronSlot(expression: string, now: Date): Date | null {
  let schedule = schedules.get(expression);
  if (!schedule) {
    schedule = { cron: parseCron(expression) };
    schedules.set(expression, schedule);
  }
  const t = now.getTime();
  if (schedule.slot && schedule.slot.at <= t && t < schedule.slot.until) return new Date(schedule.slot.at);
  // previousRuns excludes a run at exactly the reference instant; a millisecond later includes it.
  const [slot] = schedule.cron.previousRuns(1, new Date(t + 1));
  if (!slot) return null;
  const next = schedule.cron.nextRun(slot);
  schedule.slot = { at: slot.getTime(), until: next?.getTime() ?? Number.POSITIVE_INFINITY };
  return slot;
}
