// npm run bench:peers -- [--n 20000] [--concurrency 64]
//
// The same N SMS through the same provider simulator (Twilio's API, a process of its own) at the
// same concurrency (64: Herald's executor runs 4 dispatch jobs of 16 calls each) through (a) Herald
// end to end and durable (HTTP into its outbox, then its executor), (b) notifme-sdk (not durable),
// (c) a bare HTTP client, the ceiling, each asking for delivery receipts (a StatusCallback). Prints
// each rate and Herald/notifme (target at least 1.0) and Herald/ceiling. Herald runs last, so the simulator is as warm for it as for the others.
import { parseArgs } from "node:util";
import { wholeNumber } from "./cli-options";
import { runPeers } from "./proof/run-peers";
import { runOnFreshDatabase } from "./fresh-database";

const { values } = parseArgs({ options: { n: { type: "string", default: "20000" }, concurrency: { type: "string", default: "64" } } });

runOnFreshDatabase("herald_peers", async () => ({ suite: "peers", ...(await runPeers({ n: wholeNumber(values, "n", 1), concurrency: wholeNumber(values, "concurrency", 1) })) }));
