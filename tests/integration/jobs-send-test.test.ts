// `herald send-test` beside a running Herald: the server's executor (a worker thread here, so its
// sandbox counts attempts apart from this process's, as a server process's does) must see every
// attempt. On a database of its own, for the whole file (the command queues retries through the
// process's db()): the thread runs the app's crons, which would take other files' jobs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db as processDb, type Db } from "@/server/db";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase, type TemporaryDatabase } from "@/server/db/temporary-database";
import { commands } from "@/server/cli/commands";
import { liveExecutors } from "@/server/jobs/local/executor-heartbeat";
import { startExecutorThread } from "@/server/jobs/local/start-executor-thread";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { createLab } from "@/server/services/labs/create-lab";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { executorPool, waitUntil } from "./jobs-helpers";

// Two retries at the delivery backoff's 5 and 10 s at most, with the executor's polls between them.
const SEND_TEST_TIMEOUT_MS = 90_000;
let database: TemporaryDatabase;
let db: Db;
let labSlug: string;
const pool = executorPool();

beforeAll(async () => {
  database = await createTemporaryDatabase(process.env.DATABASE_URL, "herald_send_test");
  await applyMigrations(database.url);
  // Before anything in this file's process opens the shared test database.
  process.env.DATABASE_URL = database.url;
  db = processDb();
  await syncCatalogue(db, await loadCatalogueFile());
  await ensureSandboxAccounts(db);
  const organization = await createOrganization({ db, principal: null, name: "Send-test org", slug: `send-test-org-${Date.now()}` });
  labSlug = `send-test-lab-${Date.now()}`;
  const lab = await createLab({ db, principal: null, organizationId: organization.id, name: "Send-test lab", slug: labSlug, settings: { quietHoursStart: null, quietHoursEnd: null } });
  await enableAllTriggers(db, lab.id);
});
afterEach(() => pool.stopAll());
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const sendTest = (to: string) =>
  commands["send-test"]!.run(db, { lab: labSlug, channel: "EMAIL", to }) as Promise<{ status: string; messageId: string; dispatchedBy: string }>;

describe("herald send-test", () => {
  it("hands the message to a running Herald's executor, which sees every attempt, and waits out the retries", async () => {
    const server = pool.track(startExecutorThread({ databaseUrl: database.url, pollIntervalMs: 100, concurrency: 2, logLevel: "silent" }));
    await server.started;
    await waitUntil("the server's executor beat its heart", async () => (await liveExecutors(db, { job: "dispatch-messages" })).includes(server.workerId));

    // The sandbox fails flaky@ twice, then delivers: counted per process, so split attempts never deliver.
    const result = await sendTest("flaky@example.com");

    expect(result).toMatchObject({ status: "DELIVERED", dispatchedBy: `Herald's executor (${server.workerId})` });
    expect(await db.message.findUniqueOrThrow({ where: { id: result.messageId } })).toMatchObject({ attempts: 3 });
  }, SEND_TEST_TIMEOUT_MS);

  it("dispatches itself while it waits when no executor runs", async () => {
    expect(await liveExecutors(db, { job: "dispatch-messages" })).toEqual([]);

    const result = await sendTest("flaky@example.com");

    expect(result).toMatchObject({ status: "DELIVERED", dispatchedBy: expect.stringMatching(/^this command \(/) });
    // Its executor is stopped again and says so: the next command would not count on it.
    expect(await liveExecutors(db, { job: "dispatch-messages" })).toEqual([]);
  }, SEND_TEST_TIMEOUT_MS);
});
