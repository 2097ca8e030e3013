// bench:peers at a small N: Herald, notifme-sdk and the bare client each send every message to the simulator.
import { expect, it } from "vitest";
import { runPeers } from "../../bench/proof/run-peers";

it("measures Herald, notifme-sdk and the bare client on the same messages", async () => {
  const report = await runPeers({ n: 20, concurrency: 4 });
  for (const peer of [report.herald, report.notifme, report.bareHttp]) expect(peer).toMatchObject({ failed: 0 });
  expect(report.herald.perSecond).toBeGreaterThan(0);
  expect(report.heraldOverCeiling).toBeGreaterThan(0);
}, 240_000);
