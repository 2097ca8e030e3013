// bench:fuzz at a small N: one procedure family as every caller, and every webhook check once.
import { expect, it } from "vitest";
import { runFuzz } from "../../bench/proof/run-fuzz";

it("calls procedures as seven callers and webhook routes with forged, tampered, stale and replayed callbacks, finding nothing", async () => {
  const report = await runFuzz({ runs: 2, webhookRuns: 2, seed: 11, only: ["notifications.send"] });
  expect(report.procedures).toBeGreaterThan(0);
  expect(report.callers).toHaveLength(7);
  expect(report.calls).toBe(report.procedures * 7 * 2);
  expect(report.webhookCalls).toBeGreaterThan(10);
  expect(report.failureList).toEqual([]);
}, 600_000);
