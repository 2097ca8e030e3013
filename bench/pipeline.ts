// npm run bench:pipeline -- [--n 20000] [--batch 100] [--senders 1] [--workers 1] [--worker-concurrency 4]
//
// Sends N messages through notifications.sendMany (createCaller, an API key
// principal, batches of 100) into the local executor with sandbox providers,
// on a fresh database on the real PostgreSQL (TEST_DATABASE_URL or
// DATABASE_URL), and prints accepted/s, dispatched/s, accept latency per batch
// and peak RSS. A measurement, not a test: it asserts nothing.
import { parseArgs } from "node:util";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase } from "@/server/db/temporary-database";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "20000" },
    batch: { type: "string", default: "100" },
    senders: { type: "string", default: "1" },
    workers: { type: "string", default: "1" },
    "worker-concurrency": { type: "string", default: "4" },
  },
});

const positive = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive whole number, got ${String(values[name])}`);
  return value;
};
const N = positive("n");
const BATCH = positive("batch");
const SENDERS = positive("senders");
const WORKERS = positive("workers");
const WORKER_CONCURRENCY = positive("worker-concurrency");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function run(): Promise<Record<string, unknown>> {
  // Imported after DATABASE_URL is set: db() and the logger read the environment once.
  const { db } = await import("@/server/db");
  const { createCaller } = await import("@/server/api/root");
  const { createContextInner } = await import("@/server/api/trpc");
  const { startLocalExecutor } = await import("@/server/jobs/local/start-local-executor");
  const { setUpBenchLab, benchItem } = await import("./pipeline-setup");

  const { labId, principal, variables } = await setUpBenchLab(db());
  const item = (n: number) => benchItem(n, variables);
  const caller = createCaller(createContextInner({ db: db(), principal }));
  const executors = Array.from({ length: WORKERS }, (_, w) =>
    startLocalExecutor({ db: db(), pollIntervalMs: 20, concurrency: WORKER_CONCURRENCY, workerId: `bench-${w}`, logger: silent }),
  );

  // One untimed batch warms the JIT, the connection pool and Prisma's query cache.
  const warmUp = Array.from({ length: Math.min(BATCH, N) }, (_, i) => item(N + i));
  await caller.notifications.sendMany({ labId, items: warmUp });
  const warmUpIds = new Set<string>();
  const outOfQueue = async () => db().message.count({ where: { labId, status: { in: ["QUEUED", "SENDING"] } } });
  while ((await outOfQueue()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const m of await db().message.findMany({ where: { labId }, select: { id: true } })) warmUpIds.add(m.id);

  const batches: number[][] = [];
  for (let start = 0; start < N; start += BATCH) batches.push(Array.from({ length: Math.min(BATCH, N - start) }, (_, i) => start + i));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  // Dispatch is measured as it happens, while accepting goes on, as in production.
  let dispatchedAt = NaN;
  let accepting = true;
  const watcher = (async () => {
    for (;;) {
      if (!accepting && (await outOfQueue()) === 0) return void (dispatchedAt = performance.now());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      for (let b = next++; b < batches.length; b = next++) {
        const items = batches[b]!.map(item);
        const t = performance.now();
        await caller.notifications.sendMany({ labId, items });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const acceptedAt = performance.now();
  accepting = false;
  await watcher;
  await Promise.all(executors.map((executor) => executor.stop()));

  const statuses = await db().message.groupBy({ by: ["status"], where: { labId, id: { notIn: [...warmUpIds] } }, _count: true });
  const sorted = [...latencies].sort((x, y) => x - y);
  const acceptSeconds = (acceptedAt - started) / 1000;
  const dispatchSeconds = (dispatchedAt - started) / 1000;
  return {
    n: N,
    batchSize: BATCH,
    senders: SENDERS,
    workers: WORKERS,
    workerConcurrency: WORKER_CONCURRENCY,
    acceptSeconds: round(acceptSeconds, 2),
    acceptedPerSecond: round(N / acceptSeconds),
    dispatchSeconds: round(dispatchSeconds, 2),
    dispatchedPerSecond: round(N / dispatchSeconds),
    acceptLatencyMs: { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) },
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    statuses: Object.fromEntries(statuses.map((s) => [s.status, s._count])),
  };
}

async function main(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database there)");
  const database = await createTemporaryDatabase(serverUrl, "herald_bench");
  try {
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    process.env.JOBS_BACKEND = "local";
    process.env.LOG_LEVEL ??= "warn";
    const report = await run();
    console.log(JSON.stringify(report, null, 2));
    const { db } = await import("@/server/db");
    await db().$disconnect();
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
