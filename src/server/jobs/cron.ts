import { Cron } from "croner";

// Inngest reads a cron in UTC unless it starts with "TZ=<zone> "; the local executor reads it the same way.
const TZ_PREFIX = /^TZ=(\S+)\s+(.+)$/;

/** Parses a 5-field cron (optionally "TZ=<IANA zone> ..."); throws naming what is wrong. */
export function parseCron(expression: string): Cron {
  const trimmed = expression.trim();
  const match = TZ_PREFIX.exec(trimmed);
  return new Cron(match?.[2] ?? trimmed, { timezone: match?.[1] ?? "UTC", mode: "5-part" });
}

/** The most recent slot at or before `now`, or null when the schedule has never fired. */
export function latestCronSlot(expression: string, now: Date): Date | null {
  // previousRuns excludes a run at exactly the reference instant; a millisecond later includes it.
  const [slot] = parseCron(expression).previousRuns(1, new Date(now.getTime() + 1));
  return slot ?? null;
}
