// The hand-off to Inngest through the outbox: the send flow writes its events with its messages and
// sends them after the commit; what Inngest refused is sent by the relay-outbox function, and what
// Inngest lost is requeued by the minute's sweep. Against a stand-in for Inngest's event API that can
// be down, on a database of its own (the relay and the sweep look at every row).
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InngestTestEngine } from "@inngest/test";
import { internalEvents } from "inngest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { installJobPorts } from "@/server/jobs/install-job-ports";
import { STALLED_GRACE_MS } from "@/server/services/delivery/requeue-stalled-messages";
import { useOwnDatabase } from "./jobs-helpers";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

useOwnDatabase("herald_outbox");

type TEvent = { name: string; id: string; data: { messageIds?: string[] } };
const received: TEvent[] = [];
let inngestDown = false;
let server: Server;
let modules: { jobFunctions: typeof import("@/inngest/functions/job-functions").jobFunctions; triggerJobsInTransaction: typeof import("@/server/jobs/trigger-job").triggerJobsInTransaction };

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      if (inngestDown) {
        response.writeHead(500, { "content-type": "application/json" });
        return response.end(JSON.stringify({ error: "down for maintenance", status: 500 }));
      }
      const events = JSON.parse(body) as TEvent[];
      received.push(...events);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ ids: events.map((event) => event.id), status: 200 }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  // The back end and the Inngest client read the environment once per module instance: fresh ones, with the port bound to them.
  vi.stubEnv("JOBS_BACKEND", "inngest");
  vi.stubEnv("INNGEST_EVENT_KEY", "test-event-key");
  vi.stubEnv("INNGEST_BASE_URL", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  vi.resetModules();
  (await import("@/server/jobs/install-job-ports")).installJobPorts();
  modules = { jobFunctions: (await import("@/inngest/functions/job-functions")).jobFunctions, triggerJobsInTransaction: (await import("@/server/jobs/trigger-job")).triggerJobsInTransaction };
});
beforeEach(() => {
  inngestDown = false;
  received.length = 0;
});
afterEach(() => db().outboxEvent.deleteMany());
afterAll(async () => {
  vi.unstubAllEnvs();
  installJobPorts();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function sendOne() {
  const { labId, api } = await makeSendingLab();
  const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
  const sent = await api.notifications.send({ labId, trigger, recipient: newRecipient(), variables: VARIABLES });
  const channel = sent.channels[0]!;
  expect(channel).toMatchObject({ channel: "SMS", status: "queued" });
  return { labId, messageId: channel.messageId! };
}

const minuteTick = [{ name: internalEvents.ScheduledTimer, data: { cron: "* * * * *" } }] as [{ name: string; data: object }];

describe("the Inngest outbox", () => {
  it("keeps a send accepted while Inngest is down, and the relay sends its event on the next minute", async () => {
    inngestDown = true;
    const { labId, messageId } = await sendOne();

    const [row] = await db().outboxEvent.findMany();
    expect(row).toMatchObject({ name: "herald/dispatch-messages", sentAt: null, attempts: 1, lastError: expect.stringContaining("down for maintenance") });
    expect(row!.payload).toMatchObject({ id: row!.id, data: { messageIds: [messageId], labId } });
    expect(received).toEqual([]);

    inngestDown = false;
    const relay = modules.jobFunctions["relay-outbox"];
    expect(relay.opts.triggers).toContainEqual({ cron: "* * * * *" });
    const { result, error } = await new InngestTestEngine({ function: relay }).execute({ events: minuteTick });

    expect(error).toBeUndefined();
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(received).toEqual([expect.objectContaining({ name: "herald/dispatch-messages", id: row!.id, data: expect.objectContaining({ messageIds: [messageId] }) })]);
    expect(await db().outboxEvent.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ sentAt: expect.any(Date), attempts: 1 });
  });

  it("leaves the relay nothing to do once the send after the commit went through", async () => {
    const { messageId } = await sendOne();

    expect(received.map((event) => event.data.messageIds)).toEqual([[messageId]]);
    expect(await db().outboxEvent.findMany({ select: { sentAt: true, attempts: true } })).toEqual([{ sentAt: expect.any(Date), attempts: 0 }]);
    const { result } = await new InngestTestEngine({ function: modules.jobFunctions["relay-outbox"] }).execute({ events: minuteTick });
    expect(result).toEqual({ sent: 0, failed: 0 });
    expect(received).toHaveLength(1);
  });

  it("writes no event for a transaction that rolls back, and sends none", async () => {
    const rollback = new Error("rolled back on purpose");
    await expect(
      db().$transaction(async (tx) => {
        await modules.triggerJobsInTransaction(tx, "expire-sessions", [{ payload: {} }]);
        expect(await tx.outboxEvent.count()).toBe(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);

    expect(await db().outboxEvent.count()).toBe(0);
    expect(received).toEqual([]);
  });

  it("has the minute's sweep requeue a message whose event Inngest lost, once past the grace", async () => {
    const lost = await sendOne();
    const recent = await sendOne();
    received.length = 0;
    // Inngest took both events and ran neither: the messages are still QUEUED.
    await db().message.update({ where: { id: lost.messageId }, data: { updatedAt: new Date(Date.now() - STALLED_GRACE_MS - 1_000) } });
    await db().message.update({ where: { id: recent.messageId }, data: { updatedAt: new Date(Date.now() - STALLED_GRACE_MS / 2) } });
    const sweep = modules.jobFunctions["requeue-stalled"];
    expect(sweep.opts.triggers).toContainEqual({ cron: "* * * * *" });

    const { result, error } = await new InngestTestEngine({ function: sweep }).execute({ events: minuteTick });

    expect(error).toBeUndefined();
    expect(result).toEqual({ requeued: 1 });
    expect(received).toEqual([expect.objectContaining({ name: "herald/dispatch-messages", data: expect.objectContaining({ messageIds: [lost.messageId] }) })]);
  });
});
