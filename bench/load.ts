// npm run bench:load -- [--connections 50] [--duration 60] [--warmup 5] [--cpu-prof <dir>]
//
// notifications.send over HTTP (tRPC, an API key) from autocannon at --connections concurrent
// clients for --duration seconds, after an untimed warm-up; each request a new patient with its own
// idempotency key, on a fresh database. Herald's server runs its executor in the same process, so
// the messages are dispatched (to the provider simulator) while they are accepted, as in production.
// Prints throughput and p50/p90/p99/max latency, whether p99 is under the 20 ms target, and `cpu`:
// each process's and thread's CPU per request over the timed run and its drain; exits 1 when a
// request failed. --cpu-prof writes a CPU profile of each child (the server, the simulator)
// into <dir> when it stops.
import { parseArgs } from "node:util";
import { wholeNumber } from "./cli-options";
import { runLoadTest } from "./proof/run-load-test";
import { runOnFreshDatabase } from "./fresh-database";
import { profileChildrenInto } from "./child-processes";

const { values } = parseArgs({ options: { connections: { type: "string", default: "50" }, duration: { type: "string", default: "60" }, warmup: { type: "string", default: "5" }, "cpu-prof": { type: "string" } } });
if (values["cpu-prof"]) profileChildrenInto(values["cpu-prof"]);

runOnFreshDatabase("herald_load", async () => {
  const report = await runLoadTest({ connections: wholeNumber(values, "connections", 1), durationSeconds: wholeNumber(values, "duration", 1), warmupSeconds: wholeNumber(values, "warmup", 0) });
  if (report.non2xx > 0 || report.errors > 0) process.exitCode = 1;
  return { suite: "load", ...report };
});
