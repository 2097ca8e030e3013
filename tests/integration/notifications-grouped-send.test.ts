import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/server/db";
import { isPglite } from "@/server/db/temporary-database";
import { withPgClient } from "@/server/db/with-pg-client";
import { AppError } from "@/server/errors";
import type { TSendItem, TSendResult } from "@/server/domain/send";
import { GroupedSendError, labsWithSendWriter, sendOne } from "@/server/services/notifications/send-grouped";
import { uniq } from "../helpers/fixtures";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

const onPglite = await isPglite(inject("databaseUrl"));

type TLab = Awaited<ReturnType<typeof makeSendingLab>>["lab"];

/** One notifications.send as the router makes it: its own request id. */
function send(lab: TLab, item: Omit<TSendItem, "variables"> & { variables?: TSendItem["variables"] }) {
  const requestId = randomUUID();
  return { requestId, done: sendOne({ db: db(), lab, requestId, item: { variables: VARIABLES, ...item } }) };
}

async function dispatchedIds(labId: string) {
  const jobs = await db().job.findMany({ where: { name: "dispatch-messages", payload: { path: ["labId"], equals: labId } } });
  return { jobs: jobs.length, ids: jobs.flatMap((job) => (job.payload as { messageIds: string[] }).messageIds) };
}

describe("single sends written together (send-grouped.ts)", () => {
  it("answers 30 concurrent sends each with its own request, message, event and dispatch, in fewer transactions and jobs than sends", async () => {
    const { lab, labId } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const calls = Array.from({ length: 30 }, () => send(lab, { trigger, recipient: newRecipient(), idempotencyKey: `k-${uniq()}` }));
    const results = await Promise.all(calls.map((call) => call.done));

    const messages = await db().message.findMany({ where: { labId }, include: { events: true } });
    expect(messages).toHaveLength(30);
    results.forEach((result, index) => {
      expect(result.replayed).toBe(false);
      expect(result.requestId).toBe(calls[index]!.requestId);
      const message = messages.find((m) => m.id === result.channels[0]!.messageId)!;
      expect(message.requestId).toBe(calls[index]!.requestId);
      expect(message.contactId).toBe(result.contactId);
      expect(message.events.map((event) => [event.type, (event.detail as { requestId: string }).requestId])).toEqual([["queued", calls[index]!.requestId]]);
    });
    const { jobs, ids } = await dispatchedIds(labId);
    // Every message in exactly one job; the sends that arrived together share their jobs.
    expect(ids.sort()).toEqual(messages.map((m) => m.id).sort());
    expect(jobs).toBeLessThan(30);
    expect(await db().sendRequest.count({ where: { labId } })).toBe(30);
  });

  it("keeps idempotency keys within a group: one message per key, replays for the same request, a conflict for another, and a refused send fails alone", async () => {
    const { lab, labId } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const shared = { trigger, recipient: newRecipient(), idempotencyKey: `same-${uniq()}` };
    const calls = [
      ...Array.from({ length: 10 }, () => send(lab, { trigger, recipient: newRecipient() })),
      ...Array.from({ length: 5 }, () => send(lab, shared)),
      send(lab, { ...shared, recipient: newRecipient() }),
      send(lab, { trigger, recipient: newRecipient({ phone: "12" }) }),
    ];
    const settled = await Promise.allSettled(calls.map((call) => call.done));

    const ok = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const refused = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as AppError] : []));
    expect(ok).toHaveLength(15);
    expect(refused.map((error) => [error instanceof AppError, error.code]).sort()).toEqual([
      [true, "BAD_REQUEST"],
      [true, "CONFLICT"],
    ]);
    expect(refused.find((error) => error.code === "BAD_REQUEST")!.issues.map((issue) => issue.path.join("."))).toEqual(["recipient.phone"]);
    expect(refused.find((error) => error.code === "CONFLICT")!.message).toMatch(/already used with a different request/);
    const keyed = settled.slice(10, 15).map((s) => (s as PromiseFulfilledResult<TSendResult>).value);
    const first = keyed.filter((result) => !result.replayed);
    expect(first).toHaveLength(1);
    for (const result of keyed) expect({ ...result, replayed: false }).toEqual(first[0]);
    // Ten plain sends and one for the shared key; the refused ones wrote nothing.
    expect(await db().message.count({ where: { labId } })).toBe(11);
    expect(await db().contact.count({ where: { labId } })).toBe(11);
    expect(await db().sendRequest.count({ where: { labId } })).toBe(1);
    expect((await dispatchedIds(labId)).ids).toHaveLength(11);
  });

  it("drops a lab's writer once its sends are answered (refused ones too), and the lab's next sends get a new writer and are still written together", async () => {
    const { lab, labId } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const burst = async (refused: number) => {
      const calls = [
        ...Array.from({ length: 20 }, () => send(lab, { trigger, recipient: newRecipient() })),
        ...Array.from({ length: refused }, () => send(lab, { trigger, recipient: newRecipient({ phone: "12" }) })),
      ];
      expect(labsWithSendWriter(db())).toContain(labId);
      const settled = await Promise.allSettled(calls.map((call) => call.done));
      expect(settled.map((s) => s.status).filter((status) => status === "fulfilled")).toHaveLength(20);
      expect(labsWithSendWriter(db())).not.toContain(labId);
    };

    expect(labsWithSendWriter(db())).not.toContain(labId);
    await burst(1);
    const first = await dispatchedIds(labId);
    await burst(0);
    const both = await dispatchedIds(labId);
    expect(both.ids).toHaveLength(40);
    expect(await db().message.count({ where: { labId } })).toBe(40);
    // The second burst's twenty sends were written together again, not one job each.
    expect(both.jobs - first.jobs).toBeLessThan(20);
    // A send alone is written at once and leaves no writer behind either.
    await send(lab, { trigger, recipient: newRecipient() }).done;
    expect(labsWithSendWriter(db())).not.toContain(labId);
  });

  // Embedded PostgreSQL runs one transaction at a time: a send cannot wait on another connection's row lock there.
  if (!onPglite) {
    it("fails every send of a group whose transaction fails with a clear error, writes none of them, and they can be sent again", { timeout: 60_000 }, async () => {
      const { lab, labId } = await makeSendingLab();
      const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
      const patient = newRecipient();
      const known = await send(lab, { trigger, recipient: patient }).done;
      await withPgClient(process.env.DATABASE_URL!, async (locker) => {
        // Sends to this patient wait on the contact's row while the locker holds it.
        await locker.query("BEGIN");
        await locker.query(`SELECT 1 FROM "Contact" WHERE id = $1 FOR UPDATE`, [known.contactId]);
        const lockerPid = (await locker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
        const blockedSend = async () => {
          for (let waited = 0; waited < 30_000; waited += 50) {
            const { rows } = await locker.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [lockerPid]);
            if (rows.length > 0) return rows[0]!.pid;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          throw new Error("no send waited on the locked contact");
        };
        const terminate = (pid: number) => locker.query("SELECT pg_terminate_backend($1)", [pid]);
        // The first send goes alone; the three that arrive while it waits form the next group.
        const alone = send(lab, { trigger, recipient: patient, idempotencyKey: `alone-${uniq()}` });
        const alonePid = await blockedSend();
        const keys = [`g1-${uniq()}`, `g2-${uniq()}`, `g3-${uniq()}`];
        const group = keys.map((idempotencyKey) => send(lab, { trigger, recipient: patient, idempotencyKey }));
        await terminate(alonePid);
        await expect(alone.done).rejects.toThrow(/terminat/);
        await terminate(await blockedSend());
        const errors = await Promise.all(group.map((call) => call.done.then(() => null, (error: unknown) => error)));
        await locker.query("ROLLBACK");

        for (const error of errors) {
          expect(error).toBeInstanceOf(GroupedSendError);
          expect((error as Error).message).toMatch(/not written: the database write it shared with 2 other concurrent sends failed, and none of them was written/);
        }
        expect(await db().message.count({ where: { labId } })).toBe(1);
        expect(await db().sendRequest.count({ where: { labId } })).toBe(0);
        expect((await dispatchedIds(labId)).ids).toEqual([known.channels[0]!.messageId]);

        const again = await send(lab, { trigger, recipient: patient, idempotencyKey: keys[0] }).done;
        expect(again.replayed).toBe(false);
        expect(await db().message.count({ where: { labId } })).toBe(2);
      });
    });
  }
});
