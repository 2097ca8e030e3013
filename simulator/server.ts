// The provider simulator: a local HTTP server speaking each provider's API (mounted at /<provider>/),
// with fault injection, signed callbacks to Herald's webhooks, and a ledger of what it received.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleAdmin } from "./admin";
import { CallbackSender } from "./callbacks";
import { Faults } from "./faults";
import { matchPattern, readBody, writeResponse } from "./http";
import { Ledger } from "./ledger";
import { simHosts, simProviders } from "./providers";
import { ZScenario, type TScenario } from "./scenario";
import { AccountStore, type TSimContext, type TSimProvider, type TSimRequest } from "./types";

export type TSimulatorOptions = {
  port?: number;
  host?: string;
  scenario?: TScenario;
  /** Only these providers (all by default). */
  providers?: string[];
};

export type TSimulator = TSimContext & {
  port: number;
  providers: Map<string, TSimProvider>;
  /** The base URL Herald should use for a provider (PROVIDER_BASE_URLS), e.g. http://127.0.0.1:4010/twilio. */
  urlFor(provider: string): string;
  /** Applies a scenario: its accounts are added, its faults replace the current ones. */
  applyScenario(scenario: TScenario): void;
  close(): Promise<void>;
};

export async function startSimulator(options: TSimulatorOptions = {}): Promise<TSimulator> {
  const providers = new Map<string, TSimProvider>();
  for (const [id, load] of Object.entries(simProviders)) {
    if (!options.providers || options.providers.includes(id)) providers.set(id, await load());
  }
  const faults = new Faults();
  const ledger = new Ledger();
  const callbacks = new CallbackSender(faults);
  const accounts = new AccountStore();
  const sockets = new Set<Socket>();
  const context: TSimContext = { origin: "", ledger, faults, callbacks, accounts };

  const applyScenario = (input: TScenario) => {
    const scenario = ZScenario.parse(input);
    if (scenario.seed !== undefined) faults.seed(scenario.seed);
    for (const account of scenario.accounts) accounts.register(account);
    faults.clear();
    faults.add(scenario.faults);
  };
  if (options.scenario) applyScenario(options.scenario);

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) writeResponse(response, { status: 500, body: { error: error instanceof Error ? error.message : String(error) } });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Keep-alive connections are reused by the SDKs' agents; a benchmark opens hundreds.
  server.keepAliveTimeout = 30_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://simulator");
    const rawBody = await readBody(request);
    if (url.pathname.startsWith("/__admin/")) {
      writeResponse(response, await handleAdmin({ method: request.method ?? "GET", url, rawBody }, simulator));
      return;
    }
    const [, mount = "", ...mounted] = url.pathname.split("/");
    // /generic/<host>/<path>: a generic HTTP vendor's call, answered by the provider on that host.
    const [providerId, rest] = mount === "generic" ? [simHosts[mounted[0] ?? ""] ?? "", mounted.slice(1)] : [mount, mounted];
    const provider = providers.get(providerId);
    if (!provider) {
      writeResponse(response, { status: 404, body: { error: `no provider "${providerId}" here; known: ${[...providers.keys()].join(", ")}` } });
      return;
    }
    const path = `/${rest.join("/")}`;
    const method = request.method ?? "GET";
    const route = provider.routes.find((r) => r.method === method && matchPattern(r.pattern, path));
    const simRequest: TSimRequest = { method, path, query: url.searchParams, headers: request.headers, rawBody, params: route ? matchPattern(route.pattern, path)! : {} };
    const account = provider.accountOf(simRequest);
    const operation = route?.operation ?? "unknown";
    const record = (httpStatus: number, fault: string | null, ids: { heraldMessageId?: string | null; providerMessageId?: string | null } = {}) =>
      ledger.record({
        provider: provider.id,
        operation,
        account,
        heraldMessageId: ids.heraldMessageId ?? null,
        providerMessageId: ids.providerMessageId ?? null,
        method,
        path,
        contentType: request.headers["content-type"] ?? null,
        rawBody,
        httpStatus,
        fault,
      });

    if (!route) {
      const answer = provider.errorResponse(404, undefined, `The requested resource ${path} was not found`);
      record(answer.status, null);
      writeResponse(response, answer);
      return;
    }
    const { action, latencyMs } = faults.decide(provider.id, account, operation);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    switch (action.kind) {
      case "timeout":
        // Never answered; the socket is closed when the caller gives up or the simulator stops.
        record(0, "timeout");
        return;
      case "drop":
        record(0, "drop");
        request.socket.destroy();
        return;
      case "down": {
        const answer = provider.errorResponse(503, undefined, "Service Unavailable");
        record(answer.status, "down");
        writeResponse(response, answer);
        return;
      }
      case "rate_limit": {
        // No code: each provider answers a 429 in its own words (Twilio 20429, Meta 130429, Unifonic none).
        const answer = provider.errorResponse(429, undefined, "Too Many Requests");
        record(answer.status, "rate_limit");
        writeResponse(response, { ...answer, headers: { ...answer.headers, "retry-after": String(action.retryAfterSeconds) } });
        return;
      }
      case "error": {
        const answer = provider.errorResponse(action.status, action.code, action.message ?? `Injected error ${action.code ?? action.status}`);
        record(answer.status, `error:${action.code ?? action.status}`);
        writeResponse(response, answer);
        return;
      }
      case "none": {
        const answer = await route.handle(simRequest, context);
        record(answer.status, null, answer.ledger);
        writeResponse(response, answer);
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  context.origin = `http://${options.host ?? "127.0.0.1"}:${port}`;

  const simulator: TSimulator = Object.assign(context, {
    port,
    providers,
    urlFor: (provider: string) => `${context.origin}/${provider}`,
    applyScenario,
    async close() {
      callbacks.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return simulator;
}
