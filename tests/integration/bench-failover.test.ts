// bench:failover at a small N: the first SMS account goes down after the first send; the rest must
// fail over to the second account and be delivered.
import { expect, it } from "vitest";
import { runFailover } from "../../bench/proof/run-failover";

it("delivers through the backup account once the first is down", async () => {
  const report = await runFailover({ n: 6, seed: 5, downAfter: 0.15, channels: ["SMS"], batch: 1, drainTimeoutMs: 420_000 });
  expect(report).toMatchObject({ queued: 6, lost: 0, deliveredShare: 1 });
  expect(report.failedOver).toBeGreaterThan(0);
  expect(report.callsToDownAccounts).toBeGreaterThan(0);
  expect(report.firstFailoverSeconds).toBeGreaterThan(0);
}, 600_000);
