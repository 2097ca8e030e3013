// npm run bench:webhooks -- [--n 5000] [--concurrency 64] [--provider twilio|resend|both] [--duplicates 0.1] [--server app|next|node] [--warmup 200]
//                             [--server-cpu-prof <dir>]
//
// Signed provider status callbacks against Herald's webhook route, served for real: by default (--server
// app) Herald's production server, what `npm start` runs (scripts/app-server.ts on a copy of the
// `npm run build` output); with --server next plain `next start` on the same copy, and with
// --server node the route handlers on a node:http server without Next (bench/webhook-server.ts);
// each in a process of its own, on a fresh database on the
// real PostgreSQL (TEST_DATABASE_URL or DATABASE_URL). The lab has a Twilio (SMS) and a Resend
// (email) account, each with --n messages already SENT. Each message gets a signed "sent" and a
// signed "delivered" callback, and a --duplicates share of all callbacks is delivered twice (the same
// signed request, as a provider's retry is), all in random order, --concurrency at a time (64 by default: providers post callbacks from many hosts at once) over
// keep-alive connections. Prints callbacks verified and applied per second and latency per call,
// then checks that every message is DELIVERED and that no repeat was applied: one receipt and one
// status event per distinct callback. Fails (exit code 1) when a check does not hold.
// Also prints CPU per callback (server and PostgreSQL, from /proc: bench/cpu-split.ts) and, with
// --server node, the statements the server sent per callback.
// --server-cpu-prof writes the server's CPU profile into <dir> when it stops (node refuses
// --cpu-prof in NODE_OPTIONS, so it is passed on the server's command line).
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase } from "@/server/db/temporary-database";
import { atExit, cleanUp, startChild, stopChild, type TStartedChild } from "./child-processes";
import { postgresPids, watchCpu } from "./cpu-split";
import { snapshotNextBuild } from "./next-snapshot";
import { setServerEnvironment } from "./server-environment";
import type { TProviderAccount } from "./provider-accounts";
import { resendCallback, twilioCallback, type TSentMessage, type TSignedCallback } from "./webhook-callbacks";
import { percentile, share, wholeNumber } from "./cli-options";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "64" },
    provider: { type: "string", default: "both" },
    duplicates: { type: "string", default: "0.1" },
    server: { type: "string", default: "app" },
    warmup: { type: "string", default: "200" },
    "server-cpu-prof": { type: "string" },
  },
});
const N = wholeNumber(values, "n", 1);
const CONCURRENCY = wholeNumber(values, "concurrency", 1);
const WARMUP = wholeNumber(values, "warmup", 0);
const DUPLICATES = share(values, "duplicates");
const PROVIDERS = values.provider === "both" ? (["twilio", "resend"] as const) : ([values.provider] as ("twilio" | "resend")[]);
if (!PROVIDERS.every((p) => p === "twilio" || p === "resend")) throw new Error(`--provider: expected twilio, resend or both, got ${values.provider}`);
const SERVER = values.server;
if (SERVER !== "app" && SERVER !== "next" && SERVER !== "node") throw new Error(`--server: expected app, next or node, got ${values.server}`);

// Sent a day and an hour ago: outside the server's status poll (the last 24 hours), so the
// figures are the webhooks' alone, and no poll calls a provider.
const SENT_AGO_MS = 25 * 3_600_000;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

type TCall = TSignedCallback & { provider: "twilio" | "resend" };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The server under test, in a process of its own, started on `port` with Herald's environment. */
async function startServer(port: number, env: NodeJS.ProcessEnv) {
  const profile = values["server-cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${values["server-cpu-prof"]}`] : [];
  if (SERVER !== "node") {
    const snapshot = snapshotNextBuild();
    atExit(async () => snapshot.remove());
    const appServer = join(snapshot.dir, ".next/herald/app-server.mjs");
    if (SERVER === "app" && !existsSync(appServer)) throw new Error("the build has no production server (.next/herald/app-server.mjs): run `npm run build` again");
    const command =
      SERVER === "app"
        ? [appServer, "--dir", snapshot.dir]
        : [resolve("node_modules/next/dist/bin/next"), "start", snapshot.dir];
    return startChild([...profile, ...command, "-p", String(port), "-H", "127.0.0.1"], /Ready in/, { env, cwd: snapshot.dir });
  }
  return startChild([...profile, "--import", "tsx", "bench/webhook-server.ts"], /^webhook server on/, { env: { ...env, PORT: String(port) } });
}

/** The statements the node:http server has sent to PostgreSQL so far (it says on SIGUSR2); null for the app and next servers (the count is the node server's). */
async function statementsSent(server: TStartedChild): Promise<number | null> {
  if (SERVER !== "node") return null;
  const seen = server.lines.length;
  server.child.kill("SIGUSR2");
  for (let waited = 0; waited < 5_000; waited += 10) {
    const line = server.lines.slice(seen).find((l) => l.startsWith("statements "));
    if (line) return Number(line.slice("statements ".length));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the webhook server did not say how many statements it sent");
}

/** N messages SENT through the account, a day ago, as dispatch leaves them. */
async function insertSentMessages(labId: string, account: TProviderAccount, count: number): Promise<TSentMessage[]> {
  const { db } = await import("@/server/db");
  const sentAt = new Date(Date.now() - SENT_AGO_MS);
  const messages = Array.from({ length: count }, (_, i): TSentMessage => ({
    id: randomUUID(),
    providerMessageId: account.provider === "twilio" ? `SM${randomBytes(16).toString("hex")}` : randomUUID(),
    to: account.provider === "twilio" ? `+96650${String(i).padStart(6, "0")}5` : `patient-${i}@example.test`,
  }));
  for (let start = 0; start < messages.length; start += 5_000) {
    await db().message.createMany({
      data: messages.slice(start, start + 5_000).map((m) => ({
        id: m.id,
        labId,
        triggerKey: "REPORT_READY",
        category: "results",
        channel: account.channel,
        status: "SENT" as const,
        to: m.to,
        ...(account.provider === "twilio" ? { body: "Your report is ready." } : { subject: "Your report is ready", text: "Your report is ready." }),
        businessAccountId: account.id,
        provider: account.provider,
        providerMessageId: m.providerMessageId,
        attempts: 1,
        sentAt,
        createdAt: sentAt,
      })),
    });
  }
  return messages;
}

/** Each message's "sent" and "delivered" callbacks, a share of them twice, shuffled. */
function callbacksFor(origin: string, account: TProviderAccount, messages: TSentMessage[]): TCall[] {
  const calls = messages.flatMap((m): TCall[] =>
    account.provider === "twilio"
      ? (["sent", "delivered"] as const).map((status) => ({ provider: "twilio", ...twilioCallback(origin, account.id, account.config, m, status) }))
      : (["email.sent", "email.delivered"] as const).map((type) => ({ provider: "resend", ...resendCallback(account.id, account.config, m, type) })),
  );
  return [...calls, ...calls.filter(() => Math.random() < DUPLICATES)];
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function post(agent: Agent, port: number, call: TCall): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { agent, host: "127.0.0.1", port, method: "POST", path: call.path, headers: { ...call.headers, "content-length": Buffer.byteLength(call.body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(call.body);
  });
}

/** Fires the calls `CONCURRENCY` at a time; each call's latency and answer. */
async function fire(port: number, calls: TCall[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const results: { provider: TCall["provider"]; ms: number; status: number }[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < calls.length; i = next++) {
        const at = performance.now();
        const status = await post(agent, port, calls[i]!);
        results.push({ provider: calls[i]!.provider, ms: performance.now() - at, status });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, results };
}

function summarise(seconds: number, results: { ms: number; status: number }[]) {
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const applied = results.filter((r) => r.status === 200).length;
  return {
    callbacks: results.length,
    answered200: applied,
    refused: results.length - applied,
    perSecond: round(applied / seconds),
    latencyMs: { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) },
  };
}

/** Every message DELIVERED; per account one receipt and one status event per distinct callback, one applied DELIVERED per message. */
async function check(account: TProviderAccount, messages: number) {
  const { db } = await import("@/server/db");
  const [row] = await db().$queryRaw<{ delivered: bigint; events: bigint; applied_delivered: bigint; receipts: bigint }[]>`
    SELECT
      (SELECT count(*) FROM "Message" WHERE "businessAccountId" = ${account.id} AND status = 'DELIVERED') AS delivered,
      (SELECT count(*) FROM "MessageEvent" e JOIN "Message" m ON m.id = e."messageId" WHERE m."businessAccountId" = ${account.id} AND e.type = 'status') AS events,
      (SELECT count(*) FROM "MessageEvent" e JOIN "Message" m ON m.id = e."messageId"
        WHERE m."businessAccountId" = ${account.id} AND e.type = 'status' AND e.status = 'DELIVERED' AND e.detail->>'applied' = 'true') AS applied_delivered,
      (SELECT count(*) FROM "WebhookReceipt" WHERE "businessAccountId" = ${account.id}) AS receipts`;
  const found = { delivered: Number(row!.delivered), statusEvents: Number(row!.events), appliedDelivered: Number(row!.applied_delivered), receipts: Number(row!.receipts) };
  const expected = { delivered: messages, statusEvents: 2 * messages, appliedDelivered: messages, receipts: 2 * messages };
  const ok = (Object.keys(expected) as (keyof typeof expected)[]).every((k) => found[k] === expected[k]);
  return { ok, found, expected };
}

async function main(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database there)");
  const loadBefore = loadavg().map((l) => round(l, 2));
  const database = await createTemporaryDatabase(serverUrl, "herald_bench_webhooks");
  atExit(() => database.drop());
  await applyMigrations(database.url);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "herald-bench-"));
  atExit(async () => rmSync(dataDir, { recursive: true, force: true }));
  setServerEnvironment({ databaseUrl: database.url, baseUrl: origin, dataDir });

  // Imported after the environment is set: db(), env() and the logger read it once.
  const { db } = await import("@/server/db");
  atExit(() => db().$disconnect());
  const { createOrganization } = await import("@/server/services/organizations/create-organization");
  const { createLab } = await import("@/server/services/labs/create-lab");
  const { createProviderAccount } = await import("./provider-accounts");
  const organization = await createOrganization({ db: db(), principal: null, name: "Bench org", slug: "bench-org" });
  const lab = await createLab({ db: db(), principal: null, organizationId: organization.id, name: "Bench lab", slug: "bench-lab" });
  const accounts = await Promise.all(PROVIDERS.map((provider) => createProviderAccount(db(), lab.id, provider)));
  const sets = await Promise.all(
    accounts.map(async (account) => {
      const messages = await insertSentMessages(lab.id, account, WARMUP + N);
      return { account, warmup: callbacksFor(origin, account, messages.slice(0, WARMUP)), timed: callbacksFor(origin, account, messages.slice(WARMUP)) };
    }),
  );

  const server = await startServer(port, { ...process.env, NODE_ENV: SERVER === "node" ? "development" : "production" });
  atExit(() => stopChild(server.child));
  // Untimed: the route's modules load, connections open, the accounts' configs are read and cached.
  await fire(port, shuffle(sets.flatMap((s) => s.warmup)));
  const timed = shuffle(sets.flatMap((s) => s.timed));
  const pgAtStart = await postgresPids();
  const statementsBefore = await statementsSent(server);
  const cpu = watchCpu({ "webhook server": server.child.pid }, new Set(), [...pgAtStart.backends, ...pgAtStart.background]);
  const { seconds, results } = await fire(port, timed);
  const cpuSplit = cpu.stop(timed.length, await postgresPids());
  const statementsAfter = await statementsSent(server);
  const herald = ["webhook server", "postgres backends (bench database)", "postgres background (WAL writer, checkpointer, ...)"];

  const checks = Object.fromEntries(await Promise.all(accounts.map(async (a) => [a.provider, await check(a, WARMUP + N)] as const)));
  const report = {
    server: { app: "Herald's production server (scripts/app-server.ts)", next: "next start (production build)", node: "route handler on node:http (bench/webhook-server.ts)" }[SERVER],
    n: N,
    concurrency: CONCURRENCY,
    duplicatesShare: DUPLICATES,
    seconds: round(seconds, 2),
    total: summarise(seconds, results),
    ...Object.fromEntries(PROVIDERS.map((p) => [p, summarise(seconds, results.filter((r) => r.provider === p))])),
    // Per callback sent (repeats included): the server's and PostgreSQL's CPU, and the statements sent.
    heraldCpuMsPerCallback: round(herald.reduce((sum, part) => sum + (cpuSplit.msPerMessage[part] ?? 0), 0), 3),
    statementsPerCallback: statementsBefore === null || statementsAfter === null ? null : round((statementsAfter - statementsBefore) / timed.length, 3),
    cpuSplit,
    loadAverage: { before: loadBefore, after: loadavg().map((l) => round(l, 2)) },
    checks,
  };
  console.log(JSON.stringify(report, null, 2));
  if (!Object.values(checks).every((c) => c.ok) || report.total.refused > 0) {
    console.error("bench:webhooks: a check failed (see checks, and refused callbacks)");
    process.exitCode = 1;
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
