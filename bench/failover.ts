// npm run bench:failover -- [--n 10000] [--seed 1] [--down-after 0.3] [--drain-timeout 1800] [--batch 100]
//
// The chaos suite's messages (SMS, WhatsApp, email over HTTP, no other faults) while, once
// --down-after of them have been sent, the first account of each channel goes fully down (every
// call answered 503): Herald retries each message on it (maxAttempts, 4) and then fails over to the
// lab's second account. Prints the delivered share (target at least 99.9%), the time from the outage
// to the first message the backups took and per message to its failover, and the calls the down
// accounts got; with the usual end statuses, lost, duplicates and regressions. Exits 1 when the
// delivered share is under 99.9% or a message is lost. A small N wants a small --batch (sent one batch
// at a time), or every message is with the first account before the outage begins.
import { parseArgs } from "node:util";
import { share, wholeNumber } from "./cli-options";
import { runFailover } from "./proof/run-failover";
import { runOnFreshDatabase } from "./fresh-database";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    "down-after": { type: "string", default: "0.3" },
    "drain-timeout": { type: "string", default: "1800" },
    batch: { type: "string", default: "100" },
  },
});

runOnFreshDatabase("herald_failover", async () => {
  const report = await runFailover({
    n: wholeNumber(values, "n", 1),
    seed: wholeNumber(values, "seed", 0),
    downAfter: share(values, "down-after"),
    drainTimeoutMs: wholeNumber(values, "drain-timeout", 1) * 1000,
    ...(values.batch !== "100" && { batch: wholeNumber(values, "batch", 1) }),
  });
  const held = report.lost === 0 && report.deliveredShare >= 0.999 && report.statusRegressions === 0;
  if (!held) process.exitCode = 1;
  return { suite: "failover", held, ...report };
});
