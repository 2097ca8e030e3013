// bench:load as a function: notifications.send over HTTP from autocannon's clients, each request a
// new patient (so every call writes a contact, a message and its dispatch job), against Herald's
// server with its executor in the same process, as the app runs; a warm-up first, untimed. The CPU
// each part spent per request counts from the timed run's start until its messages have settled
// (dispatched, and their status callbacks applied), so a noisy host still gives a steady figure.
import { loadavg } from "node:os";
import autocannon from "autocannon";
import superjson from "superjson";
import { heraldServerThreads, postgresPids, watchCpu, type TCpuSplit } from "../cpu-split";
import { SETTLED } from "./settle";
import { startWorld } from "./proof-world";
import { apiClient, proofItem } from "./send-client";

export type TLoadTestOptions = { connections: number; durationSeconds: number; warmupSeconds: number };

export type TLoadTestReport = {
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: { mean: number; p50: number; min: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  p99UnderTarget: boolean;
  /** From the end of the timed run until its messages had settled; null when they had not within DRAIN_TIMEOUT_MS. */
  drainSeconds: number | null;
  /** CPU per answered request of each process and thread group, over the timed run and its drain. */
  cpu: TCpuSplit;
  loadAverage: { before: number[]; after: number[] };
};

const TARGET_P99_MS = 20;
const DRAIN_TIMEOUT_MS = 120_000;

/** Waits until none of the lab's messages is still on its way (a LIMIT 1 probe); the seconds it took, or null after `timeoutMs`. */
async function settled(labId: string, timeoutMs: number): Promise<number | null> {
  const { db } = await import("@/server/db");
  const started = performance.now();
  while ((await db().message.findFirst({ where: { labId, status: { notIn: [...SETTLED] } }, select: { id: true } })) !== null) {
    if (performance.now() - started > timeoutMs) return null;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return Number(((performance.now() - started) / 1000).toFixed(2));
}

function sender(origin: string, apiKey: string, labId: string, connections: number, seconds: number, prefix: string) {
  let n = 0;
  const body = () => {
    n += 1;
    const id = `${prefix}${String(n).padStart(7, "0")}`;
    return JSON.stringify(
      superjson.serialize({
        labId,
        trigger: "REPORT_READY",
        recipient: { externalId: `load-${id}`, name: `Patient ${n}`, phone: `+9665${String(10_000_000 + (n % 89_999_999)).slice(0, 7)}5` },
        channels: ["SMS"],
        variables: { patientName: `Patient ${n}`, labName: "Proof lab", reportUrl: "https://results.example.test/r" },
        idempotencyKey: `load-${id}`,
      }),
    );
  };
  return autocannon({
    url: `${origin}/api/trpc/notifications.send`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

export async function runLoadTest(options: TLoadTestOptions): Promise<TLoadTestReport> {
  const world = await startWorld({ channels: ["SMS"] });
  try {
    const server = await world.startServer({ executor: true });
    const serverPid = server.child.pid!;
    // One call first, however long it takes: the server loads the router and opens its pool on the first request.
    await apiClient(world.origin, world.apiKey).notifications.send.mutate({ labId: world.labId, ...proofItem(0, `load-${Date.now()}`, ["SMS"]) });
    if (options.warmupSeconds > 0) await sender(world.origin, world.apiKey, world.labId, options.connections, options.warmupSeconds, "w");
    // The warm-up's dispatch and callbacks must not count against the timed run.
    await settled(world.labId, DRAIN_TIMEOUT_MS);
    const before = loadavg().map((l) => Number(l.toFixed(2)));
    const pgAtStart = await postgresPids();
    const cpu = watchCpu({ simulator: world.sim.pid }, new Set(), [...pgAtStart.backends, ...pgAtStart.background], {
      selfLabels: { main: "bench main thread (autocannon)", executor: "", other: "bench other threads (GC, libuv)" },
      threaded: [heraldServerThreads(serverPid, { main: "server main thread (HTTP, tRPC, callbacks)", executor: "server executor threads (dispatching)", other: "server other threads (GC, compiler, libuv)" })],
    });
    const result = await sender(world.origin, world.apiKey, world.labId, options.connections, options.durationSeconds, "t");
    const drainSeconds = await settled(world.labId, DRAIN_TIMEOUT_MS);
    const split = cpu.stop(Math.max(1, result.requests.total), await postgresPids());
    return {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      requests: result.requests.total,
      requestsPerSecond: { mean: result.requests.average, p50: result.requests.p50, min: result.requests.min },
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      p99UnderTarget: result.requests.total > 0 && result.errors === 0 && result.latency.p99 < TARGET_P99_MS,
      drainSeconds,
      cpu: split,
      loadAverage: { before, after: loadavg().map((l) => Number(l.toFixed(2))) },
    };
  } finally {
    await world.stop();
  }
}
