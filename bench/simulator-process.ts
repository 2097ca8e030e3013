// The provider simulator in a process of its own, reached over HTTP as Herald reaches a provider, and
// a sink for the status callbacks it posts: the simulator's CPU is then its own, not the bench's.
import { startChild, stopChild } from "./child-processes";

export type TSimulatorProcess = {
  origin: string;
  pid: number | undefined;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
};

export type TLedgerStats = { requests: number; acceptedSends: number; messages: number; duplicates: Record<string, number> };

/** `tsx simulator/main.ts` on a port the system picks, without faults. */
export async function startSimulatorProcess(): Promise<TSimulatorProcess> {
  const { child, match } = await startChild(["--import", "tsx", "simulator/main.ts", "--port", "0"], /^Provider simulator on (http:\/\/127\.0\.0\.1:\d+)/);
  const origin = match[1]!;
  return {
    origin,
    pid: child.pid,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${origin}/__admin${path}`, {
        method,
        ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${await response.text()}`);
      // 202 and 204 answer without a body.
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
    stop: () => stopChild(child),
  };
}

/**
 * Answers every request 200 at once, in a process of its own: where HERALD_BASE_URL points when the
 * pipeline bench measures sending, so the simulator's callbacks neither fail (and retry) nor cost
 * the bench's own event loop.
 */
export async function startCallbackSink(): Promise<{ origin: string; pid: number | undefined; stop(): Promise<void> }> {
  const { child, match } = await startChild(["--import", "tsx", "bench/callback-sink.ts"], /^sink on (http:\/\/127\.0\.0\.1:\d+)/);
  return { origin: match[1]!, pid: child.pid, stop: () => stopChild(child) };
}
