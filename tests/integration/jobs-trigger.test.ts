import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { uniqueJobId } from "./jobs-helpers";

// triggerJob reads the back end from the environment once per module instance, so each case
// sets the environment and then imports a fresh copy.
async function importTriggerJobModule(environment: Record<string, string>) {
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("@/server/jobs/trigger-job");
}

async function importTriggerJob(environment: Record<string, string>) {
  return (await importTriggerJobModule(environment)).triggerJob;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("triggerJob on the local back end", () => {
  it("queues one Job row per dedupe key, at the requested time", async () => {
    const triggerJob = await importTriggerJob({ JOBS_BACKEND: "local" });
    const dedupeKey = uniqueJobId("dedupe");
    // Far enough ahead that no executor in a parallel test file picks the row up.
    const runAt = new Date("2099-01-01T00:00:00.000Z");

    await triggerJob("expire-sessions", {}, { dedupeKey, runAt });
    await triggerJob("expire-sessions", {}, { dedupeKey, runAt: new Date("2099-06-01T00:00:00.000Z") });

    const rows = await db().job.findMany({ where: { dedupeKey } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "expire-sessions", payload: {}, status: "PENDING", attempts: 0, maxAttempts: 3, runAt });
    await db().job.deleteMany({ where: { dedupeKey } });
  });

  it("queues jobs inside a transaction: they commit with it, or vanish when it rolls back", async () => {
    const { triggerJobsInTransaction } = await importTriggerJobModule({ JOBS_BACKEND: "local" });
    const runAt = new Date("2099-01-01T00:00:00.000Z");
    const [kept, dropped] = [uniqueJobId("kept"), uniqueJobId("dropped")];

    const handOff = await db().$transaction((tx) => triggerJobsInTransaction(tx, "expire-sessions", [{ payload: {}, dedupeKey: kept, runAt }]));
    await handOff.afterCommit();
    const rollback = new Error("rolled back on purpose");
    await expect(
      db().$transaction(async (tx) => {
        await triggerJobsInTransaction(tx, "expire-sessions", [{ payload: {}, dedupeKey: dropped, runAt }]);
        expect(await tx.job.count({ where: { dedupeKey: dropped } })).toBe(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);

    expect(await db().job.findMany({ where: { dedupeKey: { in: [kept, dropped] } }, select: { dedupeKey: true, runAt: true } })).toEqual([{ dedupeKey: kept, runAt }]);
    await db().job.deleteMany({ where: { dedupeKey: kept } });
  });
});

describe("triggerJob on the Inngest back end", () => {
  // A stand-in for Inngest's event API that records what the SDK sends.
  const received: { path: string; body: unknown }[] = [];
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ path: request.url ?? "", body: JSON.parse(body) });
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ ids: ["01HTESTEVENT"], status: 200 }));
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends herald/<id> with the payload, the dedupe key as event id and runAt as ts", async () => {
    const triggerJob = await importTriggerJob({ JOBS_BACKEND: "inngest", INNGEST_EVENT_KEY: "test-event-key", INNGEST_BASE_URL: baseUrl });
    const runAt = new Date("2099-01-01T00:00:00.000Z");

    await triggerJob("expire-sessions", {}, { dedupeKey: "sweep-2099", runAt });

    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe("/e/test-event-key");
    expect(received[0]?.body).toEqual([
      expect.objectContaining({ name: "herald/expire-sessions", data: {}, id: "sweep-2099", ts: runAt.getTime() }),
    ]);
  });

  it("sends a transaction's jobs only once it has committed", async () => {
    const { triggerJobsInTransaction } = await importTriggerJobModule({ JOBS_BACKEND: "inngest", INNGEST_EVENT_KEY: "test-event-key", INNGEST_BASE_URL: baseUrl });
    received.length = 0;

    const handOff = await db().$transaction((tx) => triggerJobsInTransaction(tx, "expire-sessions", [{ payload: {}, dedupeKey: "after-commit-2099" }]));
    expect(received).toHaveLength(0);
    await handOff.afterCommit();

    expect(received).toHaveLength(1);
    expect(received[0]?.body).toEqual([expect.objectContaining({ name: "herald/expire-sessions", id: "after-commit-2099" })]);
  });
});
