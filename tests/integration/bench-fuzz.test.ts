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

it("records a call that never gets an answer as a finding, not a lost run", async () => {
  const { fuzzProcedures } = await import("../../bench/proof/fuzz-procedures");
  // Port 9 (discard) refuses connections here: every call throws before any answer.
  const result = await fuzzProcedures({
    origin: "http://127.0.0.1:9",
    labId: "lab-that-is-not-called",
    procedures: [{ path: "labs.get", type: "query" }],
    callers: [{ name: "nobody", headers: {}, valid: false }],
    other: { labId: "other", ids: [], markers: [] },
    runs: 2,
    seed: 1,
  });
  expect(result.calls).toBe(0);
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0]).toMatchObject({ target: "labs.get", caller: "nobody", status: 0 });
  expect(result.failures[0]!.problem).toMatch(/^threw /);
}, 60_000);
