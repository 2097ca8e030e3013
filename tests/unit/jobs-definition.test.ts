import { describe, expect, it } from "vitest";
import { z } from "zod";
import { latestCronSlot } from "@/server/jobs/cron";
import { defineJob } from "@/server/jobs/define-job";
import { defineRegistry } from "@/server/jobs/define-registry";
import { retryDelayMs } from "@/server/jobs/local/retry-delay";

const handler = async () => undefined;

describe("defineJob", () => {
  it("fills in retries and backoff defaults", () => {
    const job = defineJob({ id: "send-report", schema: z.object({ reportId: z.string() }), handler });
    expect(job).toMatchObject({ id: "send-report", retries: 3, backoff: { baseMs: 10_000, maxMs: 600_000 }, cron: undefined, timeoutMs: 300_000 });
  });

  it("refuses what would break at run time", () => {
    expect(() => defineJob({ id: "Send_Report", schema: z.object({}), handler })).toThrow(/kebab-case/);
    expect(() => defineJob({ id: "sweep", schema: z.object({}), cron: "every hour", handler })).toThrow(/cron "every hour" is invalid/);
    expect(() => defineJob({ id: "sweep", schema: z.object({}), cron: "0 0 0 * * *", handler })).toThrow(/invalid/);
    expect(() => defineJob({ id: "sweep", schema: z.object({}), cron: "TZ=Mars/Olympus 0 * * * *", handler })).toThrow(/invalid/);
    expect(() => defineJob({ id: "sweep", schema: z.object({ labId: z.string() }), cron: "0 * * * *", handler })).toThrow(/must accept \{\}/);
    expect(() => defineJob({ id: "sweep", schema: z.object({}), backoff: { baseMs: 0 }, handler })).toThrow(/backoff/);
    expect(() => defineJob({ id: "sweep", schema: z.object({}), timeoutMs: 0, handler })).toThrow(/timeoutMs must be a positive whole number/);
  });

  it("registers each id once, keyed by the definition's own id", () => {
    const a = defineJob({ id: "a", schema: z.object({}), handler });
    expect(Object.keys(defineRegistry(a))).toEqual(["a"]);
    expect(() => defineRegistry(a, defineJob({ id: "a", schema: z.object({}), handler }))).toThrow(/defined twice/);
  });
});

describe("latestCronSlot", () => {
  it("is the last slot at or before now, in UTC unless the cron names a zone", () => {
    expect(latestCronSlot("*/15 * * * *", new Date("2025-01-01T10:15:00.000Z"))).toEqual(new Date("2025-01-01T10:15:00.000Z"));
    expect(latestCronSlot("*/15 * * * *", new Date("2025-01-01T10:14:59.999Z"))).toEqual(new Date("2025-01-01T10:00:00.000Z"));
    expect(latestCronSlot("0 9 * * *", new Date("2025-01-01T08:00:00Z"))).toEqual(new Date("2024-12-31T09:00:00Z"));
    expect(latestCronSlot("TZ=Asia/Riyadh 0 9 * * *", new Date("2025-01-01T08:00:00Z"))).toEqual(new Date("2025-01-01T06:00:00Z"));
  });

  it("answers from its kept slot only within that slot, whichever way the clock moves", () => {
    const slot = (iso: string) => latestCronSlot("*/15 * * * *", new Date(iso))?.toISOString();
    expect(slot("2025-03-01T10:15:00.000Z")).toBe("2025-03-01T10:15:00.000Z");
    expect(slot("2025-03-01T10:29:59.999Z")).toBe("2025-03-01T10:15:00.000Z");
    expect(slot("2025-03-01T10:30:00.000Z")).toBe("2025-03-01T10:30:00.000Z");
    expect(slot("2025-03-01T10:14:59.999Z")).toBe("2025-03-01T10:00:00.000Z");
    expect(slot("2025-03-02T00:00:00.000Z")).toBe("2025-03-02T00:00:00.000Z");
  });
});

describe("retryDelayMs", () => {
  const backoff = { baseMs: 1_000, maxMs: 5_000 };

  it("doubles per failed attempt, jittered within the upper half, and stops at maxMs", () => {
    const range = (attempt: number) => [retryDelayMs(backoff, attempt, () => 0), retryDelayMs(backoff, attempt, () => 1)];
    expect(range(1)).toEqual([500, 1_000]);
    expect(range(2)).toEqual([1_000, 2_000]);
    expect(range(3)).toEqual([2_000, 4_000]);
    expect(range(4)).toEqual([2_500, 5_000]);
    expect(range(10)).toEqual([2_500, 5_000]);
  });
});
