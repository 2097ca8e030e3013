// The simulator's own ceiling: a plain keep-alive HTTP client (node:http, no SDK, no database) sending
// the requests Herald's adapters send, as many at once as dispatch has in flight, for a fixed time.
// Pipeline throughput over this is the share of the simulator's capacity Herald's side reaches.
import { Agent, request } from "node:http";
import { percentile } from "./cli-options";

export type TCeilingRequest = { path: string; headers: Record<string, string>; body: string; /** Messages it sends. */ units: number };

export type TCeiling = { concurrency: number; seconds: number; requests: number; messagesPerSecond: number; failed: number; latencyMs: { p50: number; p99: number } };


function post(agent: Agent, origin: URL, { path, headers, body }: TCeilingRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: origin.hostname, port: origin.port, method: "POST", path, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends `make(i)` for i = 0, 1, ... from `concurrency` loops until `seconds` have passed. */
export async function measureCeiling(origin: string, make: (i: number) => TCeilingRequest, concurrency: number, seconds: number): Promise<TCeiling> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(origin);
  const latencies: number[] = [];
  let next = 0;
  let units = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const call = make(next++);
        const at = performance.now();
        const status = await post(agent, url, call).catch(() => 0);
        latencies.push(performance.now() - at);
        if (status >= 200 && status < 300) units += call.units;
        else failed += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    concurrency,
    seconds: Number(elapsed.toFixed(2)),
    requests: latencies.length,
    messagesPerSecond: Math.round(units / elapsed),
    failed,
    latencyMs: { p50: Number(percentile(sorted, 50).toFixed(1)), p99: Number(percentile(sorted, 99).toFixed(1)) },
  };
}
