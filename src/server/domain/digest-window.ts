// When a partner's digest window closes: at a local time each day, or a fixed time after its first event.
import { firstInstantAtWall, wallClock } from "@/server/domain/zoned-time";

const HOUR_MS = 60 * 60 * 1000;

export type TDigestSchedule = { digestAt: string | null; digestWindowMinutes: number | null };

/**
 * The next instant after `now` at which the zone's clocks show `digestAt` ("HH:MM"): today's if it is
 * still ahead, else tomorrow's. On a night the clocks skip that time, the moment they jump past it.
 */
export function nextDigestAt(digestAt: string, timeZone: string, now: Date): Date {
  const [hour, minute] = digestAt.split(":").map(Number) as [number, number];
  const { year, month, day } = wallClock(now, timeZone);
  // Looked for from a day and a half back, so today's time is found even when it has passed.
  const today = firstInstantAtWall({ year, month, day, hour, minute, second: 0 }, timeZone, new Date(now.getTime() - 36 * HOUR_MS));
  if (today.getTime() > now.getTime()) return today;
  return firstInstantAtWall({ year, month, day: day + 1, hour, minute, second: 0 }, timeZone, now);
}

/**
 * When a new event's digest goes out. A timed digest closes at the next `digestAt`; a windowed one
 * joins the window already open (`openUntil`, the due time of events still waiting) or opens one.
 */
export function digestDueAt(schedule: TDigestSchedule, timeZone: string, now: Date, openUntil: Date | null): Date {
  if (schedule.digestAt) return nextDigestAt(schedule.digestAt, timeZone, now);
  if (openUntil && openUntil.getTime() > now.getTime()) return openUntil;
  return new Date(now.getTime() + schedule.digestWindowMinutes! * 60_000);
}
