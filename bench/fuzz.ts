// npm run bench:fuzz -- [--runs 20] [--webhook-runs 50] [--seed 1] [--only notifications.,contacts.]
//
// Property-based inputs (fast-check) against every tRPC procedure of Herald's server over HTTP, --runs
// per procedure and caller: a lab's API key and a lab admin's session (valid), and an invalid key, a
// mangled key, a forged session, a session sent from another site and nobody (refused). No answer may
// be a 5xx or an INTERNAL_SERVER_ERROR, show another organization's lab's data, or come from a
// refused call that wrote anything. Then every webhook route: forged and tampered callbacks to a
// real Twilio or Resend account must be refused, stale Resend callbacks too, a replayed one changes
// nothing, and anything posted to any provider's route never gets a 5xx or writes. JSON summary with
// each failure; exits 1 when there is one.
import { parseArgs } from "node:util";
import { wholeNumber } from "./cli-options";
import { runFuzz } from "./proof/run-fuzz";
import { runOnFreshDatabase } from "./fresh-database";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    "webhook-runs": { type: "string", default: "50" },
    seed: { type: "string", default: "1" },
    only: { type: "string" },
  },
});

runOnFreshDatabase("herald_fuzz", async () => {
  const report = await runFuzz({
    runs: wholeNumber(values, "runs", 1),
    webhookRuns: wholeNumber(values, "webhook-runs", 1),
    seed: wholeNumber(values, "seed", 0),
    only: values.only?.split(",").filter(Boolean),
  });
  if (report.failures > 0) process.exitCode = 1;
  return { suite: "fuzz", held: report.failures === 0, ...report };
});
