import { describe, expect, it } from "vitest";
import { nextAllowedSendTime, quietHoursEnd } from "@/server/domain/quiet-hours";
import { wallClock } from "@/server/domain/zoned-time";

const riyadh = { timezone: "Asia/Riyadh", quietHoursStart: "22:00", quietHoursEnd: "07:00" };
const at = (iso: string) => new Date(iso);

describe("quietHoursEnd", () => {
  it("defers an evening message in a window that wraps midnight to the next local morning", () => {
    // 23:30 in Riyadh (UTC+3) -> 07:00 the next day = 04:00Z.
    expect(quietHoursEnd({ ...riyadh, at: at("2026-03-01T20:30:00Z") })).toEqual(at("2026-03-02T04:00:00Z"));
  });

  it("defers an early-morning message to the same local morning", () => {
    expect(quietHoursEnd({ ...riyadh, at: at("2026-03-01T01:00:00Z") })).toEqual(at("2026-03-01T04:00:00Z"));
  });

  it("treats the window as [start, end)", () => {
    expect(quietHoursEnd({ ...riyadh, at: at("2026-03-01T19:00:00Z") })).toEqual(at("2026-03-02T04:00:00Z"));
    expect(quietHoursEnd({ ...riyadh, at: at("2026-03-01T04:00:00Z") })).toBeNull();
    expect(quietHoursEnd({ ...riyadh, at: at("2026-03-01T18:59:59Z") })).toBeNull();
  });

  it("leaves daytime messages and labs without quiet hours alone", () => {
    expect(quietHoursEnd({ ...riyadh, at: at("2026-03-01T09:00:00Z") })).toBeNull();
    expect(quietHoursEnd({ timezone: "Asia/Riyadh", quietHoursStart: null, quietHoursEnd: null, at: at("2026-03-01T20:30:00Z") })).toBeNull();
  });

  it("handles a window within one day", () => {
    const siesta = { timezone: "Asia/Kolkata", quietHoursStart: "13:00", quietHoursEnd: "15:30" };
    // 14:00 IST (UTC+5:30) -> 15:30 IST = 10:00Z.
    expect(quietHoursEnd({ ...siesta, at: at("2026-06-10T08:30:00Z") })).toEqual(at("2026-06-10T10:00:00Z"));
    expect(quietHoursEnd({ ...siesta, at: at("2026-06-10T10:00:00Z") })).toBeNull();
  });

  it("ends the window at the local wall time across a daylight-saving change", () => {
    // 22:30 EST on 7 March 2026; clocks spring forward that night, so 07:00 on 8 March is EDT (UTC-4).
    const newYork = { timezone: "America/New_York", quietHoursStart: "22:00", quietHoursEnd: "07:00" };
    expect(quietHoursEnd({ ...newYork, at: at("2026-03-08T03:30:00Z") })).toEqual(at("2026-03-08T11:00:00Z"));
  });

  it("rolls over month and year ends", () => {
    expect(quietHoursEnd({ ...riyadh, at: at("2026-12-31T20:00:00Z") })).toEqual(at("2027-01-01T04:00:00Z"));
  });
});

const newYork = (quietHoursStart: string, quietHoursEnd: string) => ({ timezone: "America/New_York", quietHoursStart, quietHoursEnd });

describe("quietHoursEnd across daylight-saving changes", () => {
  // New York springs forward on 8 March 2026: 02:00 EST (07:00Z) becomes 03:00 EDT.
  it("ends a window whose end the clocks skip when they jump past it, never before the message", () => {
    // 01:50 EST; 02:30 does not exist that night, so the window ends at 03:00 EDT.
    expect(quietHoursEnd({ ...newYork("22:00", "02:30"), at: at("2026-03-08T06:50:00Z") })).toEqual(at("2026-03-08T07:00:00Z"));
    // 23:00 EST the evening before.
    expect(quietHoursEnd({ ...newYork("22:00", "02:30"), at: at("2026-03-08T04:00:00Z") })).toEqual(at("2026-03-08T07:00:00Z"));
    // 03:10 EDT is past 02:30.
    expect(quietHoursEnd({ ...newYork("22:00", "02:30"), at: at("2026-03-08T07:10:00Z") })).toBeNull();
  });

  it("ends a window after the skipped hour at its wall time in the new offset", () => {
    // 01:00 EST -> 03:30 EDT.
    expect(quietHoursEnd({ ...newYork("22:00", "03:30"), at: at("2026-03-08T06:00:00Z") })).toEqual(at("2026-03-08T07:30:00Z"));
  });

  // New York falls back on 1 November 2026: 02:00 EDT (06:00Z) becomes 01:00 EST, so 01:00-02:00 happens twice.
  it("ends a window whose end the clocks show twice at the first showing still ahead", () => {
    // 00:30 EDT -> the first 01:30 (EDT).
    expect(quietHoursEnd({ ...newYork("22:00", "01:30"), at: at("2026-11-01T04:30:00Z") })).toEqual(at("2026-11-01T05:30:00Z"));
    // 01:40 EDT is past 01:30.
    expect(quietHoursEnd({ ...newYork("22:00", "01:30"), at: at("2026-11-01T05:40:00Z") })).toBeNull();
    // 01:10 EST, the second time round: the clocks show 01:30 again twenty minutes later.
    expect(quietHoursEnd({ ...newYork("22:00", "01:30"), at: at("2026-11-01T06:10:00Z") })).toEqual(at("2026-11-01T06:30:00Z"));
    // 01:10 EST -> 02:30 EST, which the clocks show once.
    expect(quietHoursEnd({ ...newYork("22:00", "02:30"), at: at("2026-11-01T06:10:00Z") })).toEqual(at("2026-11-01T07:30:00Z"));
  });

  it("keeps the same wall times on those dates in a zone without daylight saving", () => {
    const riyadh = { timezone: "Asia/Riyadh", quietHoursStart: "22:00", quietHoursEnd: "02:30" };
    // 01:50 AST (UTC+3) on 8 March and 1 November -> 02:30 AST.
    expect(quietHoursEnd({ ...riyadh, at: at("2026-03-07T22:50:00Z") })).toEqual(at("2026-03-07T23:30:00Z"));
    expect(quietHoursEnd({ ...riyadh, at: at("2026-10-31T22:50:00Z") })).toEqual(at("2026-10-31T23:30:00Z"));
  });

  it("never answers before the message, and answers the first instant the window is over, every five minutes around both changes", () => {
    const inside = (zone: ReturnType<typeof newYork>, instant: Date) => {
      const { hour, minute } = wallClock(instant, zone.timezone);
      const local = hour * 60 + minute;
      const [start, end] = [zone.quietHoursStart, zone.quietHoursEnd].map((hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
      return start! > end! ? local >= start! || local < end! : local >= start! && local < end!;
    };
    const windows = [newYork("22:00", "02:30"), newYork("22:00", "01:30"), newYork("01:15", "06:00"), newYork("02:10", "02:40"), newYork("00:00", "03:00")];
    let deferred = 0;
    for (const day of ["2026-03-07T12:00:00Z", "2026-10-31T12:00:00Z"]) {
      for (let step = 0; step < 12 * 24; step++) {
        const now = new Date(at(day).getTime() + step * 5 * 60_000);
        for (const zone of windows) {
          const end = quietHoursEnd({ ...zone, at: now });
          expect(end === null, `${zone.quietHoursStart}-${zone.quietHoursEnd} at ${now.toISOString()}`).toBe(!inside(zone, now));
          if (!end) continue;
          deferred++;
          const label = `${zone.quietHoursStart}-${zone.quietHoursEnd} at ${now.toISOString()} -> ${end.toISOString()}`;
          expect(end.getTime(), label).toBeGreaterThan(now.getTime());
          expect(inside(zone, end), label).toBe(false);
          expect(inside(zone, new Date(end.getTime() - 1000)), label).toBe(true);
        }
      }
    }
    expect(deferred).toBeGreaterThan(300);
  });
});

describe("nextAllowedSendTime", () => {
  const quiet = { timezone: "America/New_York", quietHoursStart: "22:00", quietHoursEnd: "07:00" };

  it("answers now outside the quiet window and for critical messages inside it", () => {
    const noon = at("2026-06-10T16:00:00Z");
    expect(nextAllowedSendTime({ ...quiet, now: noon, critical: false })).toEqual(noon);
    const night = at("2026-06-11T03:00:00Z");
    expect(nextAllowedSendTime({ ...quiet, now: night, critical: true })).toEqual(night);
    expect(nextAllowedSendTime({ timezone: "America/New_York", quietHoursStart: null, quietHoursEnd: null, now: night, critical: false })).toEqual(night);
  });

  it("answers the end of the window inside it, in the lab's time zone", () => {
    // 23:00 EDT -> 07:00 EDT = 11:00Z.
    expect(nextAllowedSendTime({ ...quiet, now: at("2026-06-11T03:00:00Z"), critical: false })).toEqual(at("2026-06-11T11:00:00Z"));
    // 01:50 EST on the night New York springs forward, quiet until 02:30: 03:00 EDT.
    expect(nextAllowedSendTime({ ...quiet, quietHoursEnd: "02:30", now: at("2026-03-08T06:50:00Z"), critical: false })).toEqual(at("2026-03-08T07:00:00Z"));
  });
});
