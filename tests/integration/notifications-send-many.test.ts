import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

/** Everything a refused batch could have left behind in its lab. */
const written = async (labId: string) => ({
  messages: await db().message.count({ where: { labId } }),
  events: await db().messageEvent.count({ where: { labId } }),
  contacts: await db().contact.count({ where: { labId } }),
  sendRequests: await db().sendRequest.count({ where: { labId } }),
  jobs: await db().job.count({ where: { payload: { path: ["labId"], equals: labId } } }),
});
const nothing = { messages: 0, events: 0, contacts: 0, sendRequests: 0, jobs: 0 };

describe("sendMany: up to 1,000 items, written entirely or not at all", () => {
  it("writes 1,000 items in one call, in order, under one request id", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const items = Array.from({ length: 1000 }, (_, n) => ({ trigger, recipient: newRecipient({ externalId: `bulk-${n}-${labId}` }), variables: { ...VARIABLES, reportId: `R-${n}` } }));
    const result = await api.notifications.sendMany({ labId, items });

    expect(result.items).toHaveLength(1000);
    expect(result.items.map((item) => item.externalId)).toEqual(items.map((item) => item.recipient.externalId));
    expect(result.items.every((item) => item.channels.length === 1 && item.channels[0]!.status === "queued")).toBe(true);
    const messages = await db().message.findMany({ where: { labId }, select: { id: true, requestId: true, body: true } });
    expect(messages).toHaveLength(1000);
    expect(new Set(messages.map((m) => m.requestId))).toEqual(new Set([result.requestId]));
    const byId = new Map(messages.map((m) => [m.id, m.body]));
    expect(byId.get(result.items[999]!.channels[0]!.messageId)).toBe("Hello Sara, report R-999 is ready.");
    expect(await db().messageEvent.count({ where: { labId, type: "queued" } })).toBe(1000);
  });

  it("fails the whole call on one invalid phone, naming the item's field, and writes nothing", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const items = Array.from({ length: 1000 }, () => ({ trigger, recipient: newRecipient(), variables: VARIABLES }));
    items[3] = { ...items[3]!, recipient: newRecipient({ phone: "12" }) };
    await expectTRPCError(api.notifications.sendMany({ labId, items, idempotencyKey: `bad-${labId}` }), "BAD_REQUEST", /^items\.3\.recipient\.phone: expected a valid phone number/);
    expect(await written(labId)).toEqual(nothing);
  });

  it("fails on an invalid email, an unknown contact or an unknown trigger, writing nothing", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const good = () => ({ trigger, recipient: newRecipient(), variables: VARIABLES });
    await expectTRPCError(api.notifications.sendMany({ labId, items: [good(), { ...good(), recipient: newRecipient({ email: "nope@" }) }] }), "BAD_REQUEST", /^items\.1\.recipient\.email/);
    await expectTRPCError(api.notifications.sendMany({ labId, items: [good(), good(), { ...good(), recipient: { contactId: "missing-contact" } }] }), "NOT_FOUND", /^items\.2\.recipient\.contactId/);
    await expectTRPCError(api.notifications.sendMany({ labId, items: [good(), { ...good(), recipient: { externalId: "nobody" } }] }), "NOT_FOUND", /^items\.1\.recipient\.externalId/);
    await expectTRPCError(api.notifications.sendMany({ labId, items: [good(), { ...good(), trigger: "NO_SUCH_TRIGGER" }] }), "BAD_REQUEST", /^items\.1\.trigger: unknown trigger/);
    expect(await written(labId)).toEqual(nothing);
  });

  it("names the field of a single send without the items prefix", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    await expectTRPCError(api.notifications.send({ labId, trigger, recipient: newRecipient({ phone: "+1 000" }), variables: VARIABLES }), "BAD_REQUEST", /^recipient\.phone: /);
    await expectTRPCError(api.notifications.send({ labId, trigger, recipient: { contactId: "x", phone: "+966501234567" } }), "BAD_REQUEST", /recipient\.contactId: send contactId alone/);
    expect(await written(labId)).toEqual(nothing);
  });

  it("refuses more than 1,000 items and an empty batch", async () => {
    const { labId, api } = await makeSendingLab();
    const item = { trigger: "ANY", recipient: { contactId: "c" } };
    await expectTRPCError(api.notifications.sendMany({ labId, items: Array.from({ length: 1001 }, () => item) }), "BAD_REQUEST", /items: expected at most 1000 items/);
    await expectTRPCError(api.notifications.sendMany({ labId, items: [] }), "BAD_REQUEST", /items: expected at least one item/);
  });

  it("resolves recipients by contact id and by external id", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const created = await api.notifications.send({ labId, trigger, recipient: newRecipient({ externalId: `ext-${labId}` }), variables: VARIABLES });
    const result = await api.notifications.sendMany({
      labId,
      items: [
        { trigger, recipient: { contactId: created.contactId! }, variables: VARIABLES },
        { trigger, recipient: { externalId: `ext-${labId}` }, variables: VARIABLES },
      ],
    });
    expect(result.items.map((item) => [item.contactId, item.externalId])).toEqual([
      [created.contactId, `ext-${labId}`],
      [created.contactId, `ext-${labId}`],
    ]);
    expect(await db().contact.count({ where: { labId } })).toBe(1);
  });
});
