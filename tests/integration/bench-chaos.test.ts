// bench:chaos at a small N: the harness sends through real processes, injects faults, drains and
// counts; a seeded half of all sends fail, so retries must happen and still nothing is lost.
import { expect, it } from "vitest";
import { runChaos } from "../../bench/proof/run-chaos";

it("gets every message of three channels to an end status through failing sends and repeated, reordered callbacks", async () => {
  const report = await runChaos({ n: 9, seed: 7, errorRate: 0.5, timeoutRate: 0, rateLimitRate: 0.1, dropRate: 0.05, duplicateRate: 0.5, outOfOrder: true, drainTimeoutMs: 240_000 });
  expect(report.queued).toBe(9);
  expect(report).toMatchObject({ lost: 0, terminal: 9, statusRegressions: 0 });
  expect(report.duplicatesByProvider.resend ?? 0).toBe(0);
  expect(Object.values(report.retriesByCode).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  expect(report.drainSeconds).not.toBeNull();
}, 600_000);
