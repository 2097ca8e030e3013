// A local executor in its own process, for `bench:pipeline --executor process`: dispatch then runs
// on another core than the accept path, as when Herald's workers run apart from its web processes.
// Stops on SIGTERM and prints its peak RSS (MB) as its last line.
import { parseArgs } from "node:util";
import { db } from "@/server/db";
import { startLocalExecutor } from "@/server/jobs/local/start-local-executor";

const { values } = parseArgs({ options: { concurrency: { type: "string", default: "4" }, id: { type: "string", default: "0" } } });
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const executor = startLocalExecutor({ db: db(), pollIntervalMs: 20, concurrency: Number(values.concurrency), workerId: `bench-process-${values.id}`, logger: silent });

process.once("SIGTERM", () => {
  void executor
    .stop()
    .then(() => db().$disconnect())
    .then(() => console.log(JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })));
});
console.log("ready");
