import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

const DAY = 24 * 60 * 60 * 1000;
const countMessages = (labId: string) => db().message.count({ where: { labId } });

describe("idempotency: a key answers with its first response for 24 hours", () => {
  it("replays the first response to a repeated send and writes nothing new", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId] });
    const input = { labId, trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: `order-${uniq()}` };
    const first = await api.notifications.send(input);
    const second = await api.notifications.send(input);

    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    expect(await countMessages(labId)).toBe(3);
    expect(await db().messageEvent.count({ where: { labId, type: { in: ["queued", "scheduled", "skipped"] } } })).toBe(3);
  });

  it("sends once when five identical requests arrive together", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId] });
    const input = { labId, trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: `burst-${uniq()}` };
    const results = await Promise.all(Array.from({ length: 5 }, () => api.notifications.send(input)));

    const firsts = results.filter((r) => !r.replayed);
    expect(firsts).toHaveLength(1);
    for (const result of results) expect({ ...result, replayed: false }).toEqual(firsts[0]);
    expect(await countMessages(labId)).toBe(3);
    expect(await db().contact.count({ where: { labId } })).toBe(1);
    expect(await db().sendRequest.count({ where: { labId } })).toBe(1);
  });

  it("treats a key older than 24 hours as new", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const input = { labId, trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: `old-${uniq()}` };
    const first = await api.notifications.send(input);
    await db().sendRequest.updateMany({ where: { labId }, data: { createdAt: new Date(Date.now() - DAY - 60_000) } });
    const again = await api.notifications.send(input);
    expect(again.replayed).toBe(false);
    expect(again.channels[0]!.messageId).not.toBe(first.channels[0]!.messageId);
    expect(await countMessages(labId)).toBe(2);
    expect(await api.notifications.send(input)).toEqual({ ...again, replayed: true });
  });

  it("scopes keys by lab", async () => {
    const a = await makeSendingLab();
    const b = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [a.labId, b.labId], channels: ["SMS"] });
    const idempotencyKey = `shared-${uniq()}`;
    const inA = await a.api.notifications.send({ labId: a.labId, trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey });
    const inB = await b.api.notifications.send({ labId: b.labId, trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey });
    expect([inA.replayed, inB.replayed]).toEqual([false, false]);
  });

  it("replays a whole sendMany batch by its key, and single items by theirs", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const items = [0, 1, 2].map((n) => ({ trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: `item-${n}-${uniq()}` }));
    const batchKey = `batch-${uniq()}`;
    const first = await api.notifications.sendMany({ labId, idempotencyKey: batchKey, items: items.slice(0, 2) });
    const replay = await api.notifications.sendMany({ labId, idempotencyKey: batchKey, items: items.slice(0, 2) });
    expect(replay).toEqual({ ...first, replayed: true, items: first.items.map((item) => ({ ...item, replayed: true })) });
    expect(await countMessages(labId)).toBe(2);

    // Without the batch key, the first two items replay and only the third is sent.
    const mixed = await api.notifications.sendMany({ labId, items });
    expect(mixed.items.map((item) => item.replayed)).toEqual([true, true, false]);
    expect(mixed.items[0]).toEqual({ ...first.items[0], replayed: true });
    expect(await countMessages(labId)).toBe(3);
    // A key stored by an item of a batch answers a single send with that item's response.
    expect(await api.notifications.send({ labId, ...items[2]! })).toEqual({ ...mixed.items[2], replayed: true });
  });

  it("refuses one key for two things in one call, and a batch key reused for a single send", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const key = `dup-${uniq()}`;
    const item = { trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: key };
    await expectTRPCError(api.notifications.sendMany({ labId, items: [item, { ...item, recipient: newRecipient() }] }), "BAD_REQUEST", /items\.1\.idempotencyKey/);
    await api.notifications.sendMany({ labId, idempotencyKey: key, items: [{ ...item, idempotencyKey: undefined }] });
    await expectTRPCError(api.notifications.send({ labId, ...item }), "CONFLICT", /idempotencyKey/);
    expect(await countMessages(labId)).toBe(1);
  });
});
