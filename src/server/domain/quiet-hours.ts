// A lab's quiet hours: when non-critical messages may not go out, in the lab's local time.
import { firstInstantAtWall, wallClock } from "@/server/domain/zoned-time";

export type TQuietHours = {
  /** The lab's IANA zone and its local "HH:MM" quiet window; the window may wrap midnight. */
  timezone: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The end of the lab's quiet window when `at` falls inside it (the instant a
 * deferred message may go out, always after `at`), or null when `at` is
 * outside the window or the lab has none. The window is [start, end) in the
 * lab's local time; on a night the clocks skip the end (02:30 when 02:00 jumps
 * to 03:00), it ends when the clocks jump past it.
 */
export function quietHoursEnd({ at, timezone, quietHoursStart, quietHoursEnd: endsAt }: TQuietHours & { at: Date }): Date | null {
  if (!quietHoursStart || !endsAt || quietHoursStart === endsAt) return null;
  const start = minutesOf(quietHoursStart);
  const end = minutesOf(endsAt);
  const local = wallClock(at, timezone);
  const now = local.hour * 60 + local.minute;
  const wraps = start > end;
  const inside = wraps ? now >= start || now < end : now >= start && now < end;
  if (!inside) return null;
  // In a window that wraps midnight, the evening part ends on the next local day.
  const endsTomorrow = wraps && now >= start;
  // Date.UTC normalises day 32 into the next month, so "tomorrow" is plain arithmetic on the wall date.
  const endDay = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  const wall = { year: endDay.getUTCFullYear(), month: endDay.getUTCMonth() + 1, day: endDay.getUTCDate(), hour: Math.floor(end / 60), minute: end % 60, second: 0 };
  return firstInstantAtWall(wall, timezone, at);
}

export type TNextAllowedSendTimeOptions = TQuietHours & {
  now: Date;
  /** Critical messages (OTP) go out at once, quiet or not. */
  critical: boolean;
};

/**
 * When a message may go out if it would go now: `now` itself outside the
 * lab's quiet hours and for critical messages, else the end of the quiet
 * window. The send flow schedules new messages with it; delivery, retries.
 */
export function nextAllowedSendTime({ now, critical, ...quietHours }: TNextAllowedSendTimeOptions): Date {
  if (critical) return now;
  return quietHoursEnd({ ...quietHours, at: now }) ?? now;
}
