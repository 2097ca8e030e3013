// npm run bench:chaos -- [--n 10000] [--seed 1] [--error-rate 0.2] [--timeout-rate 0.05] [--rate-limit-rate 0.05]
//                        [--drop-rate 0.02] [--duplicate-rate 0.1] [--in-order] [--drain-timeout 1800]
//
// N messages across SMS, WhatsApp (Twilio) and email (Resend) sent over HTTP to Herald's server (tRPC
// and webhooks on node:http, the local executor in the same process) while the provider simulator
// (a process of its own) answers the given shares of sends with a 500, no answer at all (a timeout),
// a 429 with Retry-After, or a dropped connection, and posts status callbacks twice (--duplicate-rate)
// and last status first. Each channel has two accounts, the second the first's backup. After the
// drain: messages in an end status, lost, Herald messages the simulator accepted more than once (by
// provider), status regressions, time to drain; as JSON. Exits 1 when a promise does not hold.
import { parseArgs } from "node:util";
import { share, wholeNumber } from "./cli-options";
import { runChaos } from "./proof/run-chaos";
import { runOnFreshDatabase } from "./fresh-database";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    "error-rate": { type: "string", default: "0.2" },
    "timeout-rate": { type: "string", default: "0.05" },
    "rate-limit-rate": { type: "string", default: "0.05" },
    "drop-rate": { type: "string", default: "0.02" },
    "duplicate-rate": { type: "string", default: "0.1" },
    "in-order": { type: "boolean", default: false },
    "drain-timeout": { type: "string", default: "1800" },
  },
});

runOnFreshDatabase("herald_chaos", async () => {
  const report = await runChaos({
    n: wholeNumber(values, "n", 1),
    seed: wholeNumber(values, "seed", 0),
    errorRate: share(values, "error-rate"),
    timeoutRate: share(values, "timeout-rate"),
    rateLimitRate: share(values, "rate-limit-rate"),
    dropRate: share(values, "drop-rate"),
    duplicateRate: share(values, "duplicate-rate"),
    outOfOrder: !values["in-order"],
    drainTimeoutMs: wholeNumber(values, "drain-timeout", 1) * 1000,
  });
  const held = report.lost === 0 && report.terminal === report.queued && (report.duplicatesByProvider.resend ?? 0) === 0 && report.statusRegressions === 0;
  if (!held) process.exitCode = 1;
  return { suite: "chaos", held, ...report };
});
