// The production server (scripts/app-server/) on the production build, in this process: webhooks and
// tRPC answered by the fast routes, pages by Next. Each fast-route answer is compared with Next's own
// for the same request on a second server over the same Next app, and the fast routes are shown to
// hold the very route modules Next serves with (one instance of every server module).
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { snapshotNextBuild } from "../../bench/next-snapshot";
import { setServerEnvironment } from "../../bench/server-environment";
import { createProviderAccount, type TProviderAccount } from "../../bench/provider-accounts";
import { twilioCallback, type TSentMessage } from "../../bench/webhook-callbacks";
import { createAppServer, type TAppServer } from "../../scripts/app-server/create-app-server";
import { matchFastRoute } from "../../scripts/app-server/fast-routes";
import { serveRoute } from "../../scripts/app-server/serve-route";

// Building takes minutes on two cores; a build already in .next (npm run build, the e2e server's) is used as it is.
const BUILD_TIMEOUT_MS = 20 * 60_000;

function ensureProductionBuild(): void {
  if (existsSync(".next/BUILD_ID")) return;
  const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (built.status !== 0) throw new Error(`next build failed (exit ${built.status})`);
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

type TAnswer = { status: number; headers: Record<string, string>; body: string };

// Per connection or per moment: they differ between any two answers.
const VOLATILE_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

async function ask(origin: string, path: string, init: RequestInit = {}): Promise<TAnswer> {
  const response = await fetch(`${origin}${path}`, init);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !VOLATILE_HEADERS.has(name)));
  return { status: response.status, headers, body: await response.text() };
}

let snapshot: { dir: string; remove(): void };
let database: { url: string; drop(): Promise<void> } | undefined;
let dataDir: string;
let app: TAppServer;
let nextOnly: Server;
let fast: string;
let next: string;
let labId: string;
let apiKey: string;
let twilio: TProviderAccount & { provider: "twilio" };

async function sentMessage(): Promise<TSentMessage> {
  const { db } = await import("@/server/db");
  const message = { id: randomUUID(), providerMessageId: `SM${randomBytes(16).toString("hex")}`, to: `+9665${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` };
  const sentAt = new Date(Date.now() - 25 * 3_600_000);
  await db().message.create({
    data: {
      ...message,
      labId,
      triggerKey: "REPORT_READY",
      category: "results",
      channel: "SMS",
      status: "SENT",
      body: "Your report is ready.",
      businessAccountId: twilio.id,
      provider: "twilio",
      attempts: 1,
      sentAt,
      createdAt: sentAt,
    },
  });
  return message;
}

beforeAll(async () => {
  ensureProductionBuild();
  snapshot = snapshotNextBuild();
  dataDir = mkdtempSync(join(tmpdir(), "herald-app-server-"));
  const port = await freePort();
  fast = `http://127.0.0.1:${port}`;
  // A database of its own: the executor Next starts in this process claims every job it sees, and
  // the run's database holds the other files' jobs (sealed with another key, sent elsewhere).
  const { createTemporaryDatabase } = await import("@/server/db/temporary-database");
  const { applyMigrations } = await import("@/server/db/migrations/apply-migrations");
  database = await createTemporaryDatabase(process.env.DATABASE_URL, "herald_app_server");
  await applyMigrations(database.url);
  setServerEnvironment({ databaseUrl: database.url, baseUrl: fast, dataDir });
  const { resetEnv } = await import("@/server/env");
  resetEnv();
  const { db } = await import("@/server/db");
  const { createOrganization } = await import("@/server/services/organizations/create-organization");
  const { createLab } = await import("@/server/services/labs/create-lab");
  const { createApiKey } = await import("@/server/services/api-keys/create-api-key");
  const slug = `app-server-${randomBytes(4).toString("hex")}`;
  const organization = await createOrganization({ db: db(), principal: null, name: "App server org", slug });
  const lab = await createLab({ db: db(), principal: null, organizationId: organization.id, name: "App server lab", slug });
  labId = lab.id;
  twilio = (await createProviderAccount(db(), lab.id, "twilio")) as typeof twilio;
  apiKey = (await createApiKey({ db: db(), principal: null, labId, name: "app server", scope: "lab" })).key;

  app = await createAppServer({ dir: snapshot.dir, hostname: "127.0.0.1", port });
  await listen(app.server, port);
  // Next alone over the same app: what the fast routes must answer like.
  nextOnly = createServer((req, res) => void app.nextHandler(req, res));
  next = `http://127.0.0.1:${await listen(nextOnly)}`;
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await new Promise((resolve) => nextOnly?.close(resolve));
  await app?.close();
  // The executor instrumentation.ts started in this process, stopped before the run's database goes.
  const { processExecutorSlot } = await import("@/server/jobs/local/wake-process-executor");
  await processExecutorSlot.get()?.stop({ timeoutMs: 5_000 });
  const { db } = await import("@/server/db");
  await db().$disconnect();
  await database?.drop();
  snapshot?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(input)));

// First: it needs Next not to have served the fast routes' paths yet.
describe("one instance of each server module", () => {
  it("serves with the very route modules Next serves with", async () => {
    // Next sets up a route module's response cache the first time it serves the route itself.
    for (const route of app.fastRoutes) expect(route.routeModule).not.toHaveProperty("responseCache");
    await ask(next, `/api/webhooks/twilio/${twilio.id}`, { method: "POST", body: "" });
    await ask(next, `/api/webhooks/twilio/${twilio.id}/token`, { method: "POST", body: "" });
    await ask(next, "/api/trpc/nothing.here");
    await ask(next, "/api/health");
    for (const route of app.fastRoutes) {
      expect(route.routeModule, route.page).toHaveProperty("responseCache");
      const exported = ["GET", "POST"].filter((method) => route.userland[method]);
      expect(exported.length, route.page).toBeGreaterThan(0);
      for (const method of exported) expect(route.methods[method]).toBe(route.userland[method]);
    }
  });
});

describe("the production server", () => {
  it("applies a signed provider callback and refuses a forged one with 401, changing nothing", async () => {
    const { db } = await import("@/server/db");
    const signed = twilioCallback(fast, twilio.id, twilio.config, await sentMessage(), "delivered");
    const applied = await ask(fast, signed.path, { method: "POST", headers: signed.headers, body: signed.body });
    expect(applied.status).toBe(200);

    const target = await sentMessage();
    const forged = twilioCallback(fast, twilio.id, { ...twilio.config, authToken: randomBytes(16).toString("hex") }, target, "delivered");
    const refused = await ask(fast, forged.path, { method: "POST", headers: forged.headers, body: forged.body });
    expect(refused.status).toBe(401);

    const statuses = await db().message.findMany({ where: { businessAccountId: twilio.id }, select: { id: true, status: true } });
    expect(statuses.find((m) => m.id === target.id)?.status).toBe("SENT");
    expect(statuses.filter((m) => m.status === "DELIVERED")).toHaveLength(1);
  });

  it("checks a callback's signature against the configured public URL, not the Host header", async () => {
    const signed = twilioCallback(fast, twilio.id, twilio.config, await sentMessage(), "sent");
    const answer = await ask(fast, signed.path, { method: "POST", headers: { ...signed.headers, host: "attacker.example" }, body: signed.body });
    expect(answer.status).toBe(200);
    const toHost = twilioCallback("http://attacker.example", twilio.id, twilio.config, await sentMessage(), "sent");
    expect((await ask(fast, toHost.path, { method: "POST", headers: { ...toHost.headers, host: "attacker.example" }, body: toHost.body })).status).toBe(401);
  });

  it("answers a tRPC call made with an API key", async () => {
    const answer = await ask(fast, `/api/trpc/messages.list?input=${trpcInput({ labId, limit: 5 })}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(answer.status).toBe(200);
    const listed = superjson.deserialize<{ items: { id: string }[] }>((JSON.parse(answer.body) as { result: { data: never } }).result.data);
    expect(listed.items.length).toBeGreaterThan(0);
    expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("leaves the dashboard's pages to Next", async () => {
    const page = await ask(fast, "/login");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("<html");
  });

  it("refuses a webhook or tRPC body over its cap with 413, before any handler runs", async () => {
    const path = `/api/webhooks/twilio/${twilio.id}`;
    const large = await ask(fast, path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a".repeat(3 * 1024 * 1024) });
    expect(large.status).toBe(413);
    const trpc = await ask(fast, "/api/trpc/notifications.send", { method: "POST", headers: { "content-type": "application/json" }, body: "1".repeat(11 * 1024 * 1024) });
    expect(trpc.status).toBe(413);
  });
});

describe("the fast routes answer as Next does", () => {
  const cases: { name: string; path: () => string; init?: () => RequestInit }[] = [
    { name: "the health probe", path: () => "/api/health" },
    { name: "a callback with a bad signature", path: () => `/api/webhooks/twilio/${twilio.id}?m=${randomUUID()}`, init: () => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "Zm9yZ2Vk" }, body: "MessageStatus=delivered" }) },
    { name: "a callback with no signature to a token route", path: () => `/api/webhooks/twilio/${twilio.id}/not-the-token`, init: () => ({ method: "POST", body: "MessageStatus=delivered" }) },
    { name: "an unknown provider", path: () => `/api/webhooks/nobody/${twilio.id}`, init: () => ({ method: "POST", body: "{}" }) },
    { name: "a provider's URL check", path: () => `/api/webhooks/twilio/${twilio.id}?hub.mode=subscribe&hub.challenge=1` },
    { name: "HEAD on a GET route", path: () => `/api/webhooks/twilio/${twilio.id}`, init: () => ({ method: "HEAD" }) },
    { name: "OPTIONS", path: () => `/api/webhooks/twilio/${twilio.id}`, init: () => ({ method: "OPTIONS" }) },
    { name: "a method the route lacks (405)", path: () => `/api/webhooks/twilio/${twilio.id}`, init: () => ({ method: "PUT", body: "x" }) },
    { name: "GET on a POST-only route (405)", path: () => `/api/webhooks/twilio/${twilio.id}/token` },
    { name: "a tRPC query with an API key", path: () => `/api/trpc/messages.list?input=${trpcInput({ labId, limit: 3 })}`, init: () => ({ headers: { authorization: `Bearer ${apiKey}`, "x-request-id": "parity" } }) },
    { name: "a tRPC batch", path: () => `/api/trpc/messages.list,labs.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize({ labId, limit: 2 }), 1: superjson.serialize({ labId }) }))}`, init: () => ({ headers: { authorization: `Bearer ${apiKey}`, "x-request-id": "parity" } }) },
    // One call: the lines of several come in whichever order their calls end.
    { name: "a tRPC batch streamed as JSON lines", path: () => `/api/trpc/labs.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize({ labId }) }))}`, init: () => ({ headers: { authorization: `Bearer ${apiKey}`, "x-request-id": "parity", "trpc-accept": "application/jsonl" } }) },
    { name: "a tRPC call without credentials", path: () => `/api/trpc/messages.list?input=${trpcInput({ labId })}`, init: () => ({ headers: { "x-request-id": "parity" } }) },
    { name: "a tRPC mutation with bad input", path: () => "/api/trpc/notifications.send", init: () => ({ method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "x-request-id": "parity" }, body: JSON.stringify(superjson.serialize({ labId, trigger: 7 })) }) },
    { name: "an unknown procedure", path: () => "/api/trpc/nothing.here", init: () => ({ headers: { "x-request-id": "parity" } }) },
  ];
  for (const { name, path, init } of cases) {
    it(name, async () => {
      const url = path();
      expect(matchFastRoute(app.fastRoutes, new URL(url, fast).pathname)).not.toBeNull();
      const [fromFast, fromNext] = [await ask(fast, url, init?.()), await ask(next, url, init?.())];
      expect(fromFast).toEqual(fromNext);
    });
  }

  it("a signed callback, served by the webhook handler's raw form: applied once, acknowledged again", async () => {
    const { db } = await import("@/server/db");
    expect(Object.keys(matchFastRoute(app.fastRoutes, `/api/webhooks/twilio/${twilio.id}`)!.route.rawForms)).toEqual(["POST"]);
    const message = await sentMessage();
    const signed = twilioCallback(fast, twilio.id, twilio.config, message, "delivered");
    const init = { method: "POST", headers: signed.headers, body: signed.body };
    const [fromFast, fromNext] = [await ask(fast, signed.path, init), await ask(next, signed.path, init)];
    expect(fromFast).toEqual(fromNext);
    expect(fromFast.status).toBe(200);
    const events = await db().messageEvent.findMany({ where: { messageId: message.id, type: "status" }, select: { status: true } });
    expect(events).toEqual([{ status: "DELIVERED" }]);
  });

  it("leaves paths Next would redirect or reject to Next", () => {
    for (const path of ["/api/trpc/labs.get/", "/api/webhooks/twilio", "/api/webhooks//x", "/api/webhooks/twilio/%E0%A4%A/", "/api/health/details", "/api/trpc"]) {
      expect(matchFastRoute(app.fastRoutes, path)).toBeNull();
    }
  });

  it("answers a handler that throws with an empty 500, logging the error once", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = { ...app.fastRoutes[0]!, methods: { POST: () => Promise.reject(new Error("secret internals")) } };
    const server = createServer((req, res) => void serveRoute(req, res, { route: failing, params: {} }, { hostname: "127.0.0.1", port: 1, vary: "rsc" }));
    const origin = `http://127.0.0.1:${await listen(server)}`;
    try {
      const answer = await ask(origin, "/any", { method: "POST", body: "x" });
      expect(answer).toMatchObject({ status: 500, body: "" });
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
