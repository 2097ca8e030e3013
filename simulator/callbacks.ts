// Delivers status callbacks and inbound messages to Herald's webhooks, with the delays, duplicates,
// reordering and drops a fault rule asks for, and retries a failed delivery as providers do.
import http from "node:http";
import https from "node:https";
import type { Faults } from "./faults";

export type TCallback = {
  url: string;
  /** Signs the request at the moment it is sent (signatures may carry a timestamp). */
  build(): { headers: Record<string, string>; body: string };
  /** Herald's message id, for the record. */
  heraldMessageId?: string | null;
  label: string;
};

export type TCallbackDelivery = { label: string; url: string; heraldMessageId: string | null; status: number | null; attempt: number; error?: string; at: string };

const RETRY_DELAYS_MS = [200, 1_000, 5_000];
const TIMEOUT_MS = 15_000;

// Keep-alive connections to Herald, as providers keep them; node:http, not fetch, whose streams cost
// the simulator more CPU than the provider API it plays.
type TAgents = { http: http.Agent; https: https.Agent };

/** POSTs `body` and resolves with the answer's status once its body has been read. */
function post(agents: TAgents, url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === "https:";
    const request = (secure ? https : http).request(
      target,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: secure ? agents.https : agents.http, timeout: TIMEOUT_MS },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}

export class CallbackSender {
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  readonly deliveries: TCallbackDelivery[] = [];
  private readonly agents: TAgents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(private readonly faults: Faults) {}

  /**
   * Sends one message's callbacks in order (sent, then delivered, ...), each a little after the last,
   * as the account's fault rule shapes them.
   */
  sequence(provider: string, account: string | null, callbacks: TCallback[]): void {
    const plan = this.faults.callbackPlan(provider, account);
    const ordered = plan.outOfOrder ? [...callbacks].reverse() : callbacks;
    let at = 0;
    for (const callback of ordered) {
      at += this.faults.between(plan.delayMs);
      if (this.faults.chance(plan.dropRate)) continue;
      this.later(at, callback, 1);
      if (this.faults.chance(plan.duplicateRate)) this.later(at + this.faults.between(plan.delayMs), callback, 1);
    }
  }

  /** One callback now (inbound messages, test injections). */
  send(callback: TCallback): void {
    this.later(0, callback, 1);
  }

  /** Resolves once no callback is waiting or in flight. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending = 0;
    this.agents.http.destroy();
    this.agents.https.destroy();
    this.settle();
  }

  private later(delayMs: number, callback: TCallback, attempt: number): void {
    if (this.closed) return;
    this.pending += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(callback, attempt).finally(() => {
        this.pending -= 1;
        this.settle();
      });
    }, delayMs);
    this.timers.add(timer);
  }

  private async deliver(callback: TCallback, attempt: number): Promise<void> {
    const { headers, body } = callback.build();
    const record = { label: callback.label, url: callback.url, heraldMessageId: callback.heraldMessageId ?? null, attempt, at: new Date().toISOString() };
    try {
      const status = await post(this.agents, callback.url, headers, body);
      this.deliveries.push({ ...record, status });
      if (status >= 500 || status === 429) this.retry(callback, attempt);
    } catch (error) {
      this.deliveries.push({ ...record, status: null, error: error instanceof Error ? error.message : String(error) });
      this.retry(callback, attempt);
    }
    if (this.deliveries.length > 100_000) this.deliveries.splice(0, 50_000);
  }

  private retry(callback: TCallback, attempt: number): void {
    const delay = RETRY_DELAYS_MS[attempt - 1];
    if (delay !== undefined) this.later(delay, callback, attempt + 1);
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
