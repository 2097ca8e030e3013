// npm run bench:crash -- [--n 10000] [--seed 1] [--kills 3] [--target both|server|executor] [--at-least-once] [--drain-timeout 1800]
//
// The chaos suite's messages (SMS, WhatsApp, email over HTTP; no injected errors, sends answered in
// 50 to 200 ms so some are always in flight) while Herald's server (tRPC and webhooks) or, in a run
// of its own, its executor (a process apart, as a worker deployment) is killed with SIGKILL --kills
// times at moments drawn from --seed, and started again at once. Per target: messages in an end
// status, lost, Herald messages the simulator accepted more than once, status regressions, time to
// drain, and each kill's moment, messages in flight (claimed, outcome not written) and restart time.
// A message in flight at a kill is not resent blindly: Twilio's take no idempotency key, so it ends
// FAILED "outcome_unknown" for a person unless the account is at-least-once (--at-least-once), where
// it is sent again; Resend's are sent again under the same idempotency key. Duplicates must not
// exceed the messages in flight at the kills. Exits 1 when a promise does not hold.
import { parseArgs } from "node:util";
import { wholeNumber } from "./cli-options";
import { runCrash, type TCrashTarget } from "./proof/run-crash";
import { runOnFreshDatabase } from "./fresh-database";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    kills: { type: "string", default: "3" },
    target: { type: "string", default: "both" },
    "at-least-once": { type: "boolean", default: false },
    "drain-timeout": { type: "string", default: "1800" },
  },
});
const TARGETS: TCrashTarget[] = values.target === "both" ? ["server", "executor"] : [values.target as TCrashTarget];
if (!TARGETS.every((t) => t === "server" || t === "executor")) throw new Error(`--target: expected both, server or executor, got ${values.target}`);

runOnFreshDatabase("herald_crash", async () => {
  const runs = [];
  for (const target of TARGETS) {
    runs.push(
      await runCrash({
        target,
        n: wholeNumber(values, "n", 1),
        seed: wholeNumber(values, "seed", 0),
        kills: wholeNumber(values, "kills", 0),
        atLeastOnce: values["at-least-once"],
        drainTimeoutMs: wholeNumber(values, "drain-timeout", 1) * 1000,
      }),
    );
  }
  const held = runs.every((r) => r.lost === 0 && r.duplicatesWithinInFlight && r.statusRegressions === 0);
  if (!held) process.exitCode = 1;
  return { suite: "crash", held, atLeastOnce: values["at-least-once"], runs };
});
