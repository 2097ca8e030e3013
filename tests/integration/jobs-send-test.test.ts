// `herald send-test` beside a running Herald: the server's executor (a worker thread here, so its
// sandbox counts attempts apart from this process's, as a server process's does) must see every
// attempt. On a database of its own, as the process's db() (the command queues retries through
// it): the thread runs the app's crons, which would take other files' jobs.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { commands } from "@/server/cli/commands";
import { liveExecutors } from "@/server/jobs/local/executor-heartbeat";
import { startExecutorThread } from "@/server/jobs/local/start-executor-thread";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { createLab } from "@/server/services/labs/create-lab";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { executorPool, useOwnDatabase, waitUntil } from "./jobs-helpers";

useOwnDatabase("herald_send_test");

// Two retries at the delivery backoff's 5 and 10 s at most, with the executor's polls between them.
const SEND_TEST_TIMEOUT_MS = 90_000;
let labSlug: string;
const pool = executorPool();

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  await ensureSandboxAccounts(db());
  const organization = await createOrganization({ db: db(), principal: null, name: "Send-test org", slug: `send-test-org-${Date.now()}` });
  labSlug = `send-test-lab-${Date.now()}`;
  const lab = await createLab({ db: db(), principal: null, organizationId: organization.id, name: "Send-test lab", slug: labSlug, settings: { quietHoursStart: null, quietHoursEnd: null } });
  await enableAllTriggers(db(), lab.id);
});
afterEach(() => pool.stopAll());

const sendTest = (to: string) =>
  commands["send-test"]!.run(db(), { lab: labSlug, channel: "EMAIL", to }) as Promise<{ status: string; messageId: string; dispatchedBy: string }>;

describe("herald send-test", () => {
  it("hands the message to a running Herald's executor, which sees every attempt, and waits out the retries", async () => {
    const server = pool.track(startExecutorThread({ pollIntervalMs: 100, concurrency: 2, logLevel: "silent" }));
    await server.started;
    await waitUntil("the server's executor beat its heart", async () => (await liveExecutors(db(), { job: "dispatch-messages" })).includes(server.workerId));

    // The sandbox fails flaky@ twice, then delivers: counted per process, so split attempts never deliver.
    const result = await sendTest("flaky@example.com");

    expect(result).toMatchObject({ status: "DELIVERED", dispatchedBy: `Herald's executor (${server.workerId})` });
    expect(await db().message.findUniqueOrThrow({ where: { id: result.messageId } })).toMatchObject({ attempts: 3 });
  }, SEND_TEST_TIMEOUT_MS);

  it("dispatches itself while it waits when no executor runs", async () => {
    expect(await liveExecutors(db(), { job: "dispatch-messages" })).toEqual([]);

    const result = await sendTest("flaky@example.com");

    expect(result).toMatchObject({ status: "DELIVERED", dispatchedBy: expect.stringMatching(/^this command \(/) });
    // Its executor is stopped again and says so: the next command would not count on it.
    expect(await liveExecutors(db(), { job: "dispatch-messages" })).toEqual([]);
  }, SEND_TEST_TIMEOUT_MS);
});
