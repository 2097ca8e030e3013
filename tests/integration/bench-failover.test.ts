// bench:failover at a small N: the first SMS account goes down after a fifth of the sends; its
// breaker opens, and the rest fail over to the second account within seconds and are delivered.
import { expect, it } from "vitest";
import { runFailover } from "../../bench/proof/run-failover";

it("delivers through the backup account once the first is down, calling the down account less than once per message", async () => {
  const report = await runFailover({ n: 30, seed: 5, downAfter: 0.2, downForMs: 15_000, channels: ["SMS"], batch: 1, drainTimeoutMs: 120_000 });
  expect(report).toMatchObject({ queued: 30, lost: 0, deliveredShare: 1, statusRegressions: 0 });
  expect(report.failedOver).toBeGreaterThan(0);
  // Without the breaker, every message after the outage called the down account maxAttempts (4) times.
  expect(report.callsWhileAccountDown).toBeGreaterThan(0);
  expect(report.callsWhileAccountDown).toBeLessThan(report.queued - report.downAfterSends);
  expect(report.firstFailoverSeconds).toBeGreaterThan(0);
  expect(report.firstFailoverSeconds).toBeLessThan(15);
}, 240_000);
