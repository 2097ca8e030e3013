// The executor's worker thread works on a database of its own here: it runs every job of the app's
// registry (crons included), which on the shared test database would take other files' jobs.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/server/db";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase, type TemporaryDatabase } from "@/server/db/temporary-database";
import { createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { enqueueLocalJob } from "@/server/jobs/backends/local-backend";
import { startExecutorThread } from "@/server/jobs/local/start-executor-thread";
import { startProcessExecutor } from "@/server/jobs/local/start-process-executor";
import { jobs } from "@/server/jobs/registry";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { createLab } from "@/server/services/labs/create-lab";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { captureLogger, executorPool, waitUntil } from "./jobs-helpers";

// Longer than any test here: only a wake (or a start) makes these executors look at the queue.
const NEVER_POLLS_MS = 60_000;

let database: TemporaryDatabase;
let db: Db;
const pool = executorPool();
const temporaryRoots: string[] = [];

beforeAll(async () => {
  database = await createTemporaryDatabase(process.env.DATABASE_URL, "herald_thread");
  await applyMigrations(database.url);
  db = createDb(database.url, 2);
});
afterEach(async () => {
  await pool.stopAll();
  for (const root of temporaryRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** A lab on the shipped catalogue with sandbox accounts, and an API-key caller for it, on the thread's database. */
async function sendingLab() {
  await syncCatalogue(db, await loadCatalogueFile());
  await ensureSandboxAccounts(db);
  const organization = await createOrganization({ db, principal: null, name: "Thread org", slug: `thread-org-${Date.now()}` });
  const lab = await createLab({ db, principal: null, organizationId: organization.id, name: "Thread lab", slug: `thread-lab-${Date.now()}`, settings: { quietHoursStart: null, quietHoursEnd: null } });
  await enableAllTriggers(db, lab.id);
  const { apiKey } = await createApiKey({ db, principal: null, labId: lab.id, name: "thread", scope: "lab" });
  const caller = createCaller(createContextInner({ db, principal: { kind: "apiKey", apiKeyId: apiKey.id, labId: lab.id, organizationId: null } }));
  return { labId: lab.id, caller };
}

/** A project root whose executor entry fails its first start, then runs the real one. */
function rootFailingFirstStart(): string {
  const root = mkdtempSync(join(tmpdir(), "herald-thread-"));
  temporaryRoots.push(root);
  const local = join(root, "src/server/jobs/local");
  mkdirSync(local, { recursive: true });
  symlinkSync(join(process.cwd(), "node_modules"), join(root, "node_modules"), "dir");
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
  copyFileSync(join(process.cwd(), "src/server/jobs/local/executor-thread.mjs"), join(local, "executor-thread.mjs"));
  const realEntry = join(process.cwd(), "src/server/jobs/local/run-executor-thread.ts");
  writeFileSync(
    join(local, "run-executor-thread.ts"),
    [
      `import { existsSync, writeFileSync } from "node:fs";`,
      `const marker = ${JSON.stringify(join(root, "started-once"))};`,
      `if (!existsSync(marker)) { writeFileSync(marker, ""); throw new Error("the executor could not start"); }`,
      `await import(${JSON.stringify(realEntry)});`,
    ].join("\n"),
  );
  return root;
}

describe("executor thread", () => {
  it("dispatches on its own thread and database pool, woken by the send's commit instead of its next poll", async () => {
    const { labId, caller } = await sendingLab();
    const executor = pool.track(startProcessExecutor({ databaseUrl: database.url, pollIntervalMs: NEVER_POLLS_MS, logLevel: "silent" }));
    expect(startProcessExecutor()).toBe(executor);
    // Started and asleep: from here only a wake makes it look at the queue within the test's time.
    await executor.started;

    const items = (["SMS", "WHATSAPP", "EMAIL"] as const).map((channel, n) => ({
      trigger: "REPORT_READY",
      recipient: { externalId: `thread-${n}`, name: "Sara", phone: "+966501234565", email: "sara@example.test" },
      channels: [channel],
      variables: { patientName: "Sara", labName: "Thread lab", reportUrl: "https://example.test/r/1" },
    }));
    const sent = await caller.notifications.sendMany({ labId, items });
    expect(sent.items.flatMap((item) => item.channels.map((c) => c.status))).toEqual(["queued", "queued", "queued"]);

    const statuses = async () => (await db.message.findMany({ where: { labId }, select: { status: true } })).map((m) => m.status);
    await waitUntil("the thread delivered all three messages", async () => (await statuses()).every((status) => status === "DELIVERED"));
    expect(await statuses()).toHaveLength(3);
    // The job is marked finished just after its last message: on a busy machine, a moment later.
    const dispatchJobs = () => db.job.findMany({ where: { name: "dispatch-messages" }, select: { status: true, attempts: true } });
    await waitUntil("a dispatch job completed", async () => (await dispatchJobs()).some((job) => job.status === "COMPLETED"));
    expect(await dispatchJobs()).toEqual(expect.arrayContaining([{ status: "COMPLETED", attempts: 1 }]));

    await executor.stop();
    expect(startProcessExecutor({ databaseUrl: database.url, pollIntervalMs: NEVER_POLLS_MS, logLevel: "silent" })).not.toBe(executor);
  }, 120_000); // Two threads (bulk and OTP lane) each load the sources through tsx first: slow on a busy machine.

  it("starts a thread that died again after a pause, and reports the failed first start", async () => {
    const { logger, lines } = captureLogger();
    const thread = pool.track(
      startExecutorThread({ root: rootFailingFirstStart(), databaseUrl: database.url, pollIntervalMs: NEVER_POLLS_MS, concurrency: 1, logLevel: "silent", logger }),
    );
    await expect(thread.started).rejects.toThrow("the executor could not start");
    expect(lines).toContainEqual(expect.objectContaining({ level: "error", message: "local job executor thread died; starting it again" }));

    // The restarted thread polls once on start: the job queued meanwhile runs.
    const job = { definition: jobs["expire-sessions"], payload: {}, dedupeKey: `thread-restart-${Date.now()}` };
    await enqueueLocalJob(db, job);
    await waitUntil("the restarted thread ran the job", async () => (await db.job.findUnique({ where: { dedupeKey: job.dedupeKey } }))?.status === "COMPLETED");
  });

  it("refuses a root without the thread's sources, naming the file it looked for", () => {
    const root = mkdtempSync(join(tmpdir(), "herald-thread-"));
    temporaryRoots.push(root);
    expect(() => startExecutorThread({ root, pollIntervalMs: NEVER_POLLS_MS, concurrency: 1 })).toThrow(
      `startExecutorThread: ${join(root, "src/server/jobs/local/executor-thread.mjs")} not found; set root to Herald's project directory`,
    );
  });
});
