import { describe, expect, it } from "vitest";
import { digestDueAt, nextDigestAt } from "@/server/domain/digest-window";

describe("digest windows", () => {
  it("a timed digest closes at the next local time: today's while it is ahead, else tomorrow's", () => {
    // Riyadh is UTC+3 all year: 17:00 there is 14:00 UTC.
    expect(nextDigestAt("17:00", "Asia/Riyadh", new Date("2026-03-01T10:00:00Z")).toISOString()).toBe("2026-03-01T14:00:00.000Z");
    expect(nextDigestAt("17:00", "Asia/Riyadh", new Date("2026-03-01T14:00:00Z")).toISOString()).toBe("2026-03-02T14:00:00.000Z");
    expect(nextDigestAt("17:00", "Asia/Riyadh", new Date("2026-03-01T20:00:00Z")).toISOString()).toBe("2026-03-02T14:00:00.000Z");
    // 01:00 UTC on 1 March is already 04:00 on 1 March in Riyadh; 02:00 local is the next day's.
    expect(nextDigestAt("02:00", "Asia/Riyadh", new Date("2026-03-01T01:00:00Z")).toISOString()).toBe("2026-03-01T23:00:00.000Z");
  });

  it("follows the zone's clock changes, and a time the clocks skip is the moment they jump past it", () => {
    // New York: UTC-5 until 8 March 2026 02:00, then UTC-4 (02:00-03:00 never shows).
    expect(nextDigestAt("09:00", "America/New_York", new Date("2026-03-07T20:00:00Z")).toISOString()).toBe("2026-03-08T13:00:00.000Z");
    expect(nextDigestAt("02:30", "America/New_York", new Date("2026-03-08T05:00:00Z")).toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });

  it("a windowed digest joins the open window, or opens one", () => {
    const now = new Date("2026-03-01T10:00:00Z");
    const open = new Date("2026-03-01T10:30:00Z");
    expect(digestDueAt({ digestAt: null, digestWindowMinutes: 60 }, "UTC", now, open)).toEqual(open);
    expect(digestDueAt({ digestAt: null, digestWindowMinutes: 60 }, "UTC", now, null).toISOString()).toBe("2026-03-01T11:00:00.000Z");
    expect(digestDueAt({ digestAt: null, digestWindowMinutes: 60 }, "UTC", now, new Date("2026-03-01T09:59:00Z")).toISOString()).toBe("2026-03-01T11:00:00.000Z");
  });
});
