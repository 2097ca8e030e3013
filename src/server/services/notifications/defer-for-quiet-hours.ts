export type TDeferForQuietHoursOptions = {
  /** When the message would otherwise go out. */
  at: Date;
  /** The lab's IANA zone and its local "HH:MM" quiet window; the window may wrap midnight. */
  timezone: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
};

type TWall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

// Building a DateTimeFormat is far slower than using one; a batch asks about the same zone many times.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(at: Date, timeZone: string): TWall {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return { year: fields.year!, month: fields.month!, day: fields.day!, hour: fields.hour!, minute: fields.minute!, second: fields.second! };
}

function wallAsUtcMs(wall: TWall): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The instant at which the zone's clocks show `wall`; checked twice because the offset may differ across a DST change. */
function instantOfWall(wall: TWall, timeZone: string): Date {
  const guess = wallAsUtcMs(wall);
  const offsetAt = (ms: number) => wallAsUtcMs(wallClock(new Date(ms), timeZone)) - ms;
  const first = guess - offsetAt(guess);
  const second = guess - offsetAt(first);
  return new Date(second);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The end of the lab's quiet window when `at` falls inside it (the instant a
 * deferred message may go out), or null when `at` is outside the window or the
 * lab has none. The window is [start, end) in the lab's local time.
 */
export function deferForQuietHours({ at, timezone, quietHoursStart, quietHoursEnd }: TDeferForQuietHoursOptions): Date | null {
  if (!quietHoursStart || !quietHoursEnd || quietHoursStart === quietHoursEnd) return null;
  const start = minutesOf(quietHoursStart);
  const end = minutesOf(quietHoursEnd);
  const local = wallClock(at, timezone);
  const now = local.hour * 60 + local.minute;
  const wraps = start > end;
  const inside = wraps ? now >= start || now < end : now >= start && now < end;
  if (!inside) return null;
  // In a window that wraps midnight, the evening part ends on the next local day.
  const endsTomorrow = wraps && now >= start;
  // Date.UTC normalises day 32 into the next month, so "tomorrow" is plain arithmetic on the wall date.
  const endDay = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  const wall: TWall = {
    year: endDay.getUTCFullYear(),
    month: endDay.getUTCMonth() + 1,
    day: endDay.getUTCDate(),
    hour: Math.floor(end / 60),
    minute: end % 60,
    second: 0,
  };
  return instantOfWall(wall, timezone);
}
