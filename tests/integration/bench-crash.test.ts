// bench:crash at a small N: the server is killed (SIGKILL) once while the client sends and started
// again; the client's batches sent again under their keys are taken once, and nothing is lost.
import { expect, it } from "vitest";
import { runCrash } from "../../bench/proof/run-crash";

it("loses and repeats nothing when the server is killed mid-send and restarted", async () => {
  // Callbacks wait past the restart, so the drain does not hang on the five-minute status poll: the
  // restart takes about 7 s on a busy two-core machine, and the simulator tries a refused callback
  // again for 6 s more, so 15 s covers it twice over (each message's two callbacks come 15 s apart).
  const report = await runCrash({ target: "server", n: 6, seed: 3, kills: 1, killAt: [0], channels: ["SMS", "EMAIL"], drainTimeoutMs: 420_000, callbackDelayMs: { min: 15_000, max: 16_000 } });
  expect(report.kills).toHaveLength(1);
  expect(report.kills[0]!.restartSeconds).toBeGreaterThan(0);
  expect(report).toMatchObject({ queued: 6, lost: 0, terminal: 6, statusRegressions: 0, duplicatesWithinInFlight: true });
}, 600_000);
