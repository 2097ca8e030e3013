// npm run bench:pipeline -- [--n 20000] [--batch 100] [--senders 1] [--rate 1000] [--executor thread|inline|process] [--executors 1]
//                             [--executor-concurrency 4] [--executor-pool-size 0] [--provider sandbox|twilio|resend] [--ceiling-seconds 10]
//                             [--provider-cpus <list>] [--cpu-prof <dir>]
//
// --executor: where the local executors run. "thread" (the default) on worker threads of the bench
// process, as the app runs its executor; "inline" on the bench's own event loop, beside the
// requests; "process" in processes of their own, as separate workers would. --executor-pool-size:
// the connections of a thread's pool (0: the app's default, 2).
//
// --provider twilio|resend: the lab sends SMS through a Twilio account, or email through a Resend
// account, of its own, with the official SDKs over HTTP to the provider simulator in a process of its
// own (no faults); its status callbacks go to a sink that answers 200. Then a plain HTTP client sends
// the same requests straight to the simulator, as many at once as dispatch has in flight, for
// --ceiling-seconds: the simulator's ceiling, beside which the pipeline's dispatched/s is a ratio.
// --provider-cpus 1: the simulator and the sink run on those CPUs only, and Herald's side (this process,
// its executor threads, its database's PostgreSQL backends, the ceiling's client) on the others, as a provider's
// servers are not Herald's: without it, on a small host, every process takes CPU from the others.
// Last, the simulator's ledger: accepted sends, and Herald messages accepted more than once (must be 0).
// rowWrites: the bench database's inserts and updates per table, and how many updates were heap-only
// (written without new index entries).
//
// Sends N messages through notifications.sendMany (createCaller, an API key
// principal, batches of 100) into the local executor with sandbox providers,
// on a fresh database on the real PostgreSQL (TEST_DATABASE_URL or
// DATABASE_URL), twice: "saturated" sends each batch as soon as the last is
// accepted (the most the machine takes), "paced" offers --rate messages per
// second (0 skips it), the load a lab platform puts on it, with latency counted
// from each batch's scheduled time. Each prints accepted/s, dispatched/s and
// accept latency per batch; then peak RSS. A measurement, not a test: it
// asserts nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { atExit, profileArgs, profileChildrenInto } from "./child-processes";
import { runOnFreshDatabase } from "./fresh-database";
import { startCallbackSink, startSimulatorProcess, type TSimulatorProcess } from "./simulator-process";
import { percentile, wholeNumber } from "./cli-options";
import { cpuPlan, pinProcesses } from "./cpu-pinning";
import { postgresPids, threadIds, watchCpu } from "./cpu-split";
import type { Db } from "@/server/db";
import type { LocalExecutor } from "@/server/jobs/local/start-local-executor";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "20000" },
    batch: { type: "string", default: "100" },
    senders: { type: "string", default: "1" },
    executor: { type: "string", default: "thread" },
    executors: { type: "string", default: "1" },
    "executor-concurrency": { type: "string", default: "4" },
    "executor-pool-size": { type: "string", default: "0" },
    rate: { type: "string", default: "1000" },
    provider: { type: "string", default: "sandbox" },
    "ceiling-seconds": { type: "string", default: "10" },
    "provider-cpus": { type: "string" },
    "cpu-prof": { type: "string" },
  },
});

const N = wholeNumber(values, "n", 1);
const BATCH = wholeNumber(values, "batch", 1);
const SENDERS = wholeNumber(values, "senders", 1);
const EXECUTORS = wholeNumber(values, "executors", 1);
const EXECUTOR_CONCURRENCY = wholeNumber(values, "executor-concurrency", 1);
const EXECUTOR_POOL_SIZE = wholeNumber(values, "executor-pool-size", 0);
const RATE = wholeNumber(values, "rate", 0);
const EXECUTOR_MODES = ["thread", "inline", "process"] as const;
const EXECUTOR = EXECUTOR_MODES.find((mode) => mode === values.executor);
if (!EXECUTOR) throw new Error(`--executor: expected one of ${EXECUTOR_MODES.join(", ")}, got ${String(values.executor)}`);
const PROVIDERS = ["sandbox", "twilio", "resend"] as const;
const PROVIDER = PROVIDERS.find((provider) => provider === values.provider);
if (!PROVIDER) throw new Error(`--provider: expected one of ${PROVIDERS.join(", ")}, got ${String(values.provider)}`);
const CEILING_SECONDS = wholeNumber(values, "ceiling-seconds", 1);
const CPUS = cpuPlan(values["provider-cpus"]);
// The simulator, the callback sink and worker processes write CPU profiles there; run the bench itself
// under `node --cpu-prof` to profile its executor threads too.
if (values["cpu-prof"]) profileChildrenInto(values["cpu-prof"]);

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Starts an executor process and resolves once it polls; its last line on stop is its peak RSS. */
async function startWorkerProcess(id: number): Promise<{ child: ChildProcess; lines: string[] }> {
  const args = ["--import", "tsx", "bench/pipeline-worker.ts", "--concurrency", String(EXECUTOR_CONCURRENCY), "--id", String(id)];
  const child = spawn(process.execPath, [...profileArgs(), ...args], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench worker ${id} exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      if (line === "ready") resolve();
    });
  });
  await ready;
  return { child, lines };
}

async function stopWorkerProcess({ child, lines }: { child: ChildProcess; lines: string[] }): Promise<number> {
  child.kill("SIGTERM");
  if (child.exitCode === null) await once(child, "exit");
  return (JSON.parse(lines.at(-1) ?? "{}") as { peakRssMb?: number }).peakRssMb ?? NaN;
}

async function run(sim: TSimulatorProcess | null, sinkPid: number | undefined): Promise<Record<string, unknown>> {
  // Imported after DATABASE_URL is set: db() and the logger read the environment once.
  const { db } = await import("@/server/db");
  const { createCaller } = await import("@/server/api/root");
  const { createContextInner } = await import("@/server/api/trpc");
  const { startLocalExecutor } = await import("@/server/jobs/local/start-local-executor");
  const { startExecutorThread } = await import("@/server/jobs/local/start-executor-thread");
  const { processExecutorSlot } = await import("@/server/jobs/local/wake-process-executor");
  const { env } = await import("@/server/env");
  const { setUpBenchLab, benchItem } = await import("./pipeline-setup");
  const { registerWithSimulator, measureAgainstCeiling } = await import("./pipeline-provider");
  // As the server's start-up does: sends hand their dispatch to the job layer through its ports.
  (await import("@/server/jobs/install-job-ports")).installJobPorts();

  const { labId, principal, variables, account } = await setUpBenchLab(db(), PROVIDER);
  if (sim && account) await registerWithSimulator(sim, account);
  const item = (n: number) => benchItem(n, variables, account?.channel);
  const caller = createCaller(createContextInner({ db: db(), principal }));
  const threadsBefore = threadIds();
  // As the app runs them: its poll interval, and woken by each send's commit (wakeProcessExecutor), so
  // the figures hold the app's idle polling and wake-ups, not a tighter poll of the bench's own.
  const executorOptions = (w: number) => ({ pollIntervalMs: env().JOBS_POLL_INTERVAL_MS, concurrency: EXECUTOR_CONCURRENCY, workerId: `bench-${EXECUTOR}-${w}` });
  const executors = Array.from({ length: EXECUTOR === "process" ? 0 : EXECUTORS }, (_, w) =>
    EXECUTOR === "thread"
      ? startExecutorThread({ ...executorOptions(w), logLevel: "silent", ...(EXECUTOR_POOL_SIZE > 0 && { poolSize: EXECUTOR_POOL_SIZE }) })
      : startLocalExecutor({ ...executorOptions(w), db: db(), logger: silent }),
  );
  await Promise.all(executors.map((executor) => ("started" in executor ? executor.started : undefined)));
  const wakeAll: LocalExecutor = {
    workerId: `bench-${EXECUTOR}`,
    wake: () => executors.forEach((executor) => executor.wake()),
    stop: async (options) => void (await Promise.all(executors.map((executor) => executor.stop(options)))),
  };
  if (executors.length > 0) processExecutorSlot.set(wakeAll);
  // The executor threads and what they started (a module loader's thread, when run under tsx).
  const executorThreads = new Set([...threadIds()].filter((tid) => !threadsBefore.has(tid)));
  const workerProcesses = await Promise.all(Array.from({ length: EXECUTOR === "process" ? EXECUTORS : 0 }, (_, w) => startWorkerProcess(w)));

  // One untimed batch warms the JIT, the connection pool and Prisma's query cache.
  const warmUp = Array.from({ length: Math.min(BATCH, N) }, (_, i) => item(2 * N + i));
  await caller.notifications.sendMany({ labId, items: warmUp });
  const warmUpIds = new Set<string>();
  // Whether any message still waits for dispatch: a LIMIT 1 probe, so watching costs the database next to nothing.
  const inQueue = async () => (await db().message.findFirst({ where: { labId, status: { in: ["QUEUED", "SENDING"] } }, select: { id: true } })) !== null;
  while (await inQueue()) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const m of await db().message.findMany({ where: { labId }, select: { id: true } })) warmUpIds.add(m.id);

  /**
   * Sends N items (from `offset`) and waits until none is queued. rate 0: each sender sends its next
   * batch as soon as the last is accepted (the most the machine takes); rate r: batches are offered
   * at r messages per second whatever the answers, and latency counts from each batch's scheduled
   * time, so a slow answer also delays (and is charged to) the batches behind it.
   */
  async function phase(offset: number, rate: number) {
    const batches: number[][] = [];
    for (let start = 0; start < N; start += BATCH) batches.push(Array.from({ length: Math.min(BATCH, N - start) }, (_, i) => offset + start + i));
    const latencies: number[] = [];
    let next = 0;
    const pgAtStart = await postgresPids();
    // The bench database's backends only: the server's own processes are shared and take next to nothing.
    if (CPUS) pinProcesses(pgAtStart.backends, CPUS.herald);
    const cpu = watchCpu({ simulator: sim?.pid, "callback sink": sinkPid }, executorThreads, [...pgAtStart.backends, ...pgAtStart.background]);
    const started = performance.now();
    // Dispatch is measured as it happens, while accepting goes on, as in production.
    let dispatchedAt = NaN;
    let accepting = true;
    const watcher = (async () => {
      for (;;) {
        if (!accepting && !(await inQueue())) return void (dispatchedAt = performance.now());
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        for (let b = next++; b < batches.length; b = next++) {
          const items = batches[b]!.map(item);
          const scheduled = rate > 0 ? started + (b * BATCH * 1000) / rate : performance.now();
          const wait = scheduled - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          await caller.notifications.sendMany({ labId, items });
          latencies.push(performance.now() - scheduled);
        }
      }),
    );
    const acceptedAt = performance.now();
    accepting = false;
    await watcher;
    const cpuSplit = cpu.stop(N, await postgresPids());
    const sorted = [...latencies].sort((x, y) => x - y);
    const acceptSeconds = (acceptedAt - started) / 1000;
    const dispatchSeconds = (dispatchedAt - started) / 1000;
    return {
      offeredPerSecond: rate > 0 ? rate : "as fast as accepted",
      acceptSeconds: round(acceptSeconds, 2),
      acceptedPerSecond: round(N / acceptSeconds),
      dispatchSeconds: round(dispatchSeconds, 2),
      dispatchedPerSecond: round(N / dispatchSeconds),
      acceptLatencyMs: { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) },
      cpuSplit,
    };
  }

  const saturated = await phase(0, 0);
  const paced = RATE > 0 ? await phase(N, RATE) : undefined;
  processExecutorSlot.clear(wakeAll);
  await Promise.all(executors.map((executor) => executor.stop()));
  const workerRssMb = await Promise.all(workerProcesses.map(stopWorkerProcess));

  const statuses = await db().message.groupBy({ by: ["status"], where: { labId, id: { notIn: [...warmUpIds] } }, _count: true });
  const rowWrites = await rowWritesOf(db(), ["Message", "MessageEvent", "SendRequest"]);
  const providerReport = sim && account ? await measureAgainstCeiling(sim, account, labId, saturated.dispatchedPerSecond, EXECUTOR_CONCURRENCY * EXECUTORS, CEILING_SECONDS) : undefined;
  return {
    n: N,
    provider: PROVIDER,
    batchSize: BATCH,
    senders: SENDERS,
    executor: EXECUTOR,
    executors: EXECUTORS,
    executorConcurrency: EXECUTOR_CONCURRENCY,
    ...(CPUS && { cpus: CPUS }),
    ...(EXECUTOR === "thread" && { executorPoolSize: EXECUTOR_POOL_SIZE || "default" }),
    saturated,
    ...(paced && { paced }),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    ...(EXECUTOR === "process" && { executorProcessPeakRssMb: workerRssMb }),
    statuses: Object.fromEntries(statuses.map((s) => [s.status, s._count])),
    rowWrites,
    ...(providerReport && { simulator: { ...providerReport, expectedAcceptedSends: (paced ? 2 : 1) * N + Math.min(BATCH, N) } }),
  };
}

/**
 * The bench database's row writes per table (warm-up and both phases): inserts, updates, and how many
 * updates were heap-only (no new index entries: the row stayed on its page and no indexed column changed).
 */
async function rowWritesOf(db: Db, tables: string[]): Promise<Record<string, { inserts: number; updates: number; heapOnlyUpdates: number }>> {
  // The statistics collector takes each backend's counts when its transaction ends; this one's clears the rest.
  await db.$executeRaw`SELECT pg_stat_clear_snapshot()`;
  const rows = await db.$queryRaw<{ table: string; inserts: bigint; updates: bigint; hot: bigint }[]>`
    SELECT relname AS table, n_tup_ins AS inserts, n_tup_upd AS updates, n_tup_hot_upd AS hot
    FROM pg_stat_user_tables WHERE relname = ANY(${tables}::text[]) ORDER BY relname`;
  return Object.fromEntries(rows.map((r) => [r.table, { inserts: Number(r.inserts), updates: Number(r.updates), heapOnlyUpdates: Number(r.hot) }]));
}

runOnFreshDatabase("herald_bench", async () => {
  let sim: TSimulatorProcess | null = null;
  let sinkPid: number | undefined;
  if (PROVIDER !== "sandbox") {
    sim = await startSimulatorProcess();
    atExit(sim.stop);
    const sink = await startCallbackSink();
    atExit(sink.stop);
    sinkPid = sink.pid;
    if (CPUS) {
      pinProcesses([sim.pid, sink.pid], CPUS.provider);
      pinProcesses([process.pid], CPUS.herald);
    }
    // Read by env() in this process and copied into the executor threads and processes started later.
    process.env.PROVIDER_SIMULATOR_URL = sim.origin;
    process.env.HERALD_BASE_URL = sink.origin;
  }
  return run(sim, sinkPid);
});
