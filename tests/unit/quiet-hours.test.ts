import { describe, expect, it } from "vitest";
import { deferForQuietHours } from "@/server/services/notifications/defer-for-quiet-hours";

const riyadh = { timezone: "Asia/Riyadh", quietHoursStart: "22:00", quietHoursEnd: "07:00" };
const at = (iso: string) => new Date(iso);

describe("deferForQuietHours", () => {
  it("defers an evening message in a window that wraps midnight to the next local morning", () => {
    // 23:30 in Riyadh (UTC+3) -> 07:00 the next day = 04:00Z.
    expect(deferForQuietHours({ ...riyadh, at: at("2026-03-01T20:30:00Z") })).toEqual(at("2026-03-02T04:00:00Z"));
  });

  it("defers an early-morning message to the same local morning", () => {
    expect(deferForQuietHours({ ...riyadh, at: at("2026-03-01T01:00:00Z") })).toEqual(at("2026-03-01T04:00:00Z"));
  });

  it("treats the window as [start, end)", () => {
    expect(deferForQuietHours({ ...riyadh, at: at("2026-03-01T19:00:00Z") })).toEqual(at("2026-03-02T04:00:00Z"));
    expect(deferForQuietHours({ ...riyadh, at: at("2026-03-01T04:00:00Z") })).toBeNull();
    expect(deferForQuietHours({ ...riyadh, at: at("2026-03-01T18:59:59Z") })).toBeNull();
  });

  it("leaves daytime messages and labs without quiet hours alone", () => {
    expect(deferForQuietHours({ ...riyadh, at: at("2026-03-01T09:00:00Z") })).toBeNull();
    expect(deferForQuietHours({ timezone: "Asia/Riyadh", quietHoursStart: null, quietHoursEnd: null, at: at("2026-03-01T20:30:00Z") })).toBeNull();
  });

  it("handles a window within one day", () => {
    const siesta = { timezone: "Asia/Kolkata", quietHoursStart: "13:00", quietHoursEnd: "15:30" };
    // 14:00 IST (UTC+5:30) -> 15:30 IST = 10:00Z.
    expect(deferForQuietHours({ ...siesta, at: at("2026-06-10T08:30:00Z") })).toEqual(at("2026-06-10T10:00:00Z"));
    expect(deferForQuietHours({ ...siesta, at: at("2026-06-10T10:00:00Z") })).toBeNull();
  });

  it("ends the window at the local wall time across a daylight-saving change", () => {
    // 22:30 EST on 7 March 2026; clocks spring forward that night, so 07:00 on 8 March is EDT (UTC-4).
    const newYork = { timezone: "America/New_York", quietHoursStart: "22:00", quietHoursEnd: "07:00" };
    expect(deferForQuietHours({ ...newYork, at: at("2026-03-08T03:30:00Z") })).toEqual(at("2026-03-08T11:00:00Z"));
  });

  it("rolls over month and year ends", () => {
    expect(deferForQuietHours({ ...riyadh, at: at("2026-12-31T20:00:00Z") })).toEqual(at("2027-01-01T04:00:00Z"));
  });
});
