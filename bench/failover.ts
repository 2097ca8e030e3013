// npm run bench:failover -- [--n 10000] [--seed 1] [--down-after 0.3] [--down-for 120] [--drain-timeout 1800] [--batch 100] [--late-answers 0]
//
// The chaos suite's messages (SMS, WhatsApp, email over HTTP, no other faults) while, once
// --down-after of them have been sent, the first account of each channel goes fully down for
// --down-for seconds: its API answers every call (sends, status lookups) 503, while the messages it
// had accepted keep their delivery and callbacks, as a provider's delivery pipeline and webhooks
// outlive an outage of its API. The account's breaker opens and the lab's second account takes the
// rest; once the outage ends, a probe closes the breaker. Prints the delivered share (target at least
// 99.9%), the time from the outage to the first message the backups took and per message to its
// failover, the calls the down accounts got, and the time from the recovery to the first send the
// first accounts took again; with the usual end statuses, lost, duplicates and regressions. Exits 1
// when the delivered share is under 99.9% or a message is lost. A small N wants a small --batch (sent
// one batch at a time), or every message is with the first account before the outage begins.
// --late-answers K: the first K sends through each first account are taken but answered after Herald's
// timeout (FAILED outcome_unknown until the provider's callback says what became of them).
import { parseArgs } from "node:util";
import { share, wholeNumber } from "./cli-options";
import { runFailover } from "./proof/run-failover";
import { runOnFreshDatabase } from "./fresh-database";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    "down-after": { type: "string", default: "0.3" },
    "down-for": { type: "string", default: "120" },
    "drain-timeout": { type: "string", default: "1800" },
    batch: { type: "string", default: "100" },
    "late-answers": { type: "string", default: "0" },
  },
});

runOnFreshDatabase("herald_failover", async () => {
  const report = await runFailover({
    n: wholeNumber(values, "n", 1),
    seed: wholeNumber(values, "seed", 0),
    downAfter: share(values, "down-after"),
    downForMs: wholeNumber(values, "down-for", 1) * 1000,
    drainTimeoutMs: wholeNumber(values, "drain-timeout", 1) * 1000,
    ...(values.batch !== "100" && { batch: wholeNumber(values, "batch", 1) }),
    ...(values["late-answers"] !== "0" && { lateAnswers: wholeNumber(values, "late-answers", 1) }),
  });
  const held = report.lost === 0 && report.deliveredShare >= 0.999 && report.statusRegressions === 0;
  if (!held) process.exitCode = 1;
  return { suite: "failover", held, ...report };
});
