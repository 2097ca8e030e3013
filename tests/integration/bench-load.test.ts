// bench:load at a small N: autocannon's clients get answers from the real server, none refused.
import { expect, it } from "vitest";
import { runLoadTest } from "../../bench/proof/run-load-test";

it("sends notifications.send from concurrent clients and reads their latency", async () => {
  const report = await runLoadTest({ connections: 2, durationSeconds: 3, warmupSeconds: 0 });
  expect(report.requests).toBeGreaterThan(0);
  expect(report).toMatchObject({ non2xx: 0, errors: 0 });
  expect(report.latencyMs.p99).toBeGreaterThan(0);
  // Every message settled, and the CPU split tells the server's threads apart (Linux's /proc).
  expect(report.drainSeconds).not.toBeNull();
  expect(report.cpu.msPerMessage["server main thread (HTTP, tRPC, callbacks)"]).toBeGreaterThan(0);
  expect(report.cpu.msPerMessage["server executor threads (dispatching)"]).toBeGreaterThan(0);
  expect(report.cpu.msPerMessage.simulator).toBeGreaterThan(0);
}, 600_000);
