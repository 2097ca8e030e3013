// Wall-clock arithmetic in IANA time zones with Intl alone: what a zone's
// clocks show at an instant, and when they first show a given time.

/** A zone's local date and time of day, as its clocks show it. */
export type TWall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

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

export function wallClock(at: Date, timeZone: string): TWall {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return { year: fields.year!, month: fields.month!, day: fields.day!, hour: fields.hour!, minute: fields.minute!, second: fields.second! };
}

/** The wall time read as if it were UTC: comparable, and plain arithmetic across month and year ends. */
export function wallAsUtcMs(wall: TWall): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

const HOUR_MS = 60 * 60 * 1000;
// Wider than any zone's offset change (at most a few hours), narrower than the gap between two changes.
const AROUND_MS = 14 * HOUR_MS;

/**
 * The first instant after `after` at which the zone's clocks show `wall` or
 * later. Usually the one instant showing `wall`; when clocks fall back and
 * show it twice, the first of those still ahead; when they spring forward
 * over it (02:30 on a night that skips from 02:00 to 03:00), the end of the
 * skipped hour, the first moment the clocks are past it.
 */
export function firstInstantAtWall(wall: TWall, timeZone: string, after: Date): Date {
  const target = wallAsUtcMs(wall);
  const wallMsAt = (ms: number) => wallAsUtcMs(wallClock(new Date(ms), timeZone));
  // The zone's offsets on either side of the target: one when nothing changes nearby, two around a change.
  const offsets = new Set([target - AROUND_MS, target + AROUND_MS].map((ms) => wallMsAt(ms) - ms));
  const showing = [...offsets]
    .map((offset) => target - offset)
    .filter((ms) => wallMsAt(ms) === target && ms > after.getTime())
    .sort((a, b) => a - b);
  if (showing.length > 0) return new Date(showing[0]!);
  // In a skipped hour: the change happened between the instants the two offsets point at. Find the
  // first second whose wall time has passed the target (clocks change on whole seconds).
  const candidates = [...offsets].map((offset) => target - offset);
  let low = Math.min(...candidates);
  let high = Math.max(...candidates);
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (wallMsAt(middle) >= target) high = middle;
    else low = middle;
  }
  return new Date(high);
}
