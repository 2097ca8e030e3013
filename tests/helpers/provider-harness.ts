// The real parts around an adapter, on loopback: the provider simulator, and Herald's webhook route
// handler served over HTTP at the public URL the providers call, as a Next server would serve it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GET as verificationRoute, POST as webhookRoute } from "@/app/api/webhooks/[provider]/[accountId]/route";
import { POST as tokenWebhookRoute } from "@/app/api/webhooks/[provider]/[accountId]/[token]/route";
import { resetEnv } from "@/server/env";
import { forgetWebhookAccounts } from "@/server/services/webhooks/load-webhook-account";
import { startSimulator, type TSimulator } from "../../simulator/server";

export type TProviderHarness = {
  sim: TSimulator;
  /** Herald's public origin in this test (HERALD_BASE_URL). */
  origin: string;
  webhookUrl(provider: string, accountId: string): string;
  /** Every webhook call the route answered: status code and path. */
  answered: { path: string; status: number }[];
  close(): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks).toString("utf8"))).on("error", reject);
  });
}

/** Starts both, and points Herald at them (PROVIDER_SIMULATOR_URL, HERALD_BASE_URL) until closed. */
export async function startProviderHarness(): Promise<TProviderHarness> {
  const sim = await startSimulator();
  const answered: TProviderHarness["answered"] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      // The two routes Next serves: /api/webhooks/<provider>/<account> and .../<account>/<token>.
      const match = /^\/api\/webhooks\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
      const [provider, accountId, token] = match ? [match[1]!, match[2]!, match[3]] : [];
      if (!provider || !accountId || (req.method !== "POST" && !(req.method === "GET" && token === undefined))) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const target = `http://${req.headers.host}${req.url}`;
      const response =
        req.method === "GET"
          ? await verificationRoute(new Request(target, { method: "GET", headers }), { params: Promise.resolve({ provider, accountId }) })
          : token === undefined
            ? await webhookRoute(new Request(target, { method: "POST", headers, body: await readBody(req) }), { params: Promise.resolve({ provider, accountId }) })
            : await tokenWebhookRoute(new Request(target, { method: "POST", headers, body: await readBody(req) }), { params: Promise.resolve({ provider, accountId, token }) });
      answered.push({ path: url.pathname, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const saved = { HERALD_BASE_URL: process.env.HERALD_BASE_URL, PROVIDER_SIMULATOR_URL: process.env.PROVIDER_SIMULATOR_URL };
  process.env.HERALD_BASE_URL = origin;
  process.env.PROVIDER_SIMULATOR_URL = sim.origin;
  resetEnv();
  forgetWebhookAccounts();
  return {
    sim,
    origin,
    answered,
    webhookUrl: (provider, accountId) => `${origin}/api/webhooks/${provider}/${accountId}`,
    async close() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      resetEnv();
      await sim.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until `check` holds, polling; fails with the last value when it does not within the time. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
