// bench:load as a function: notifications.send over HTTP from autocannon's clients, each request a
// new patient (so every call writes a contact, a message and its dispatch job), against Herald's
// server with its executor in the same process, as the app runs; a warm-up first, untimed.
import { loadavg } from "node:os";
import autocannon from "autocannon";
import superjson from "superjson";
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
  loadAverage: { before: number[]; after: number[] };
};

const TARGET_P99_MS = 20;

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
    await world.startServer({ executor: true });
    // One call first, however long it takes: the server loads the router and opens its pool on the first request.
    await apiClient(world.origin, world.apiKey).notifications.send.mutate({ labId: world.labId, ...proofItem(0, `load-${Date.now()}`, ["SMS"]) });
    if (options.warmupSeconds > 0) await sender(world.origin, world.apiKey, world.labId, options.connections, options.warmupSeconds, "w");
    const before = loadavg().map((l) => Number(l.toFixed(2)));
    const result = await sender(world.origin, world.apiKey, world.labId, options.connections, options.durationSeconds, "t");
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
      loadAverage: { before, after: loadavg().map((l) => Number(l.toFixed(2))) },
    };
  } finally {
    await world.stop();
  }
}
