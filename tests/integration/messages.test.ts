import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

type TLab = Awaited<ReturnType<typeof makeSendingLab>>;

let lab: TLab;
let other: TLab;
let reportReady: string;
let registration: string;
let sara: { contactId: string; externalId: string; phone: string };

beforeAll(async () => {
  lab = await makeSendingLab();
  other = await makeSendingLab();
  reportReady = await makeTrigger({ enableFor: [lab.labId, other.labId], channels: ["SMS", "EMAIL"] });
  registration = await makeTrigger({ enableFor: [lab.labId], channels: ["SMS"] });
  const recipient = newRecipient();
  const first = await lab.api.notifications.send({ labId: lab.labId, trigger: reportReady, recipient, variables: VARIABLES });
  sara = { contactId: first.contactId!, externalId: recipient.externalId, phone: recipient.phone };
  // Six more SMS on another trigger, two of them skipped for a missing variable.
  await lab.api.notifications.sendMany({
    labId: lab.labId,
    items: Array.from({ length: 6 }, (_, n) => ({ trigger: registration, recipient: newRecipient(), variables: n < 2 ? {} : VARIABLES })),
  });
  await other.api.notifications.send({ labId: other.labId, trigger: reportReady, recipient: newRecipient(), variables: VARIABLES });
});

describe("messages.list", () => {
  it("lists the lab's messages only, newest first", async () => {
    const page = await lab.staff.messages.list({ labId: lab.labId });
    expect(page.items).toHaveLength(8);
    expect(page.nextCursor).toBeNull();
    expect(page.items.every((m) => m.labId === lab.labId)).toBe(true);
    const keys = page.items.map((m) => [m.createdAt.getTime(), m.id] as const);
    const sorted = [...keys].sort((x, y) => y[0] - x[0] || (y[1] < x[1] ? -1 : y[1] > x[1] ? 1 : 0));
    expect(keys).toEqual(sorted);
  });

  it("filters by status, channel, trigger, recipient and date range", async () => {
    const list = (filters: Record<string, unknown>) => lab.api.messages.list({ labId: lab.labId, ...filters }).then((page) => page.items);
    expect(await list({ status: "SKIPPED" })).toHaveLength(2);
    expect((await list({ status: "SKIPPED" })).every((m) => m.skipReason === "missing_variable:patientName")).toBe(true);
    expect(await list({ channel: "EMAIL" })).toHaveLength(1);
    expect(await list({ trigger: registration })).toHaveLength(6);
    expect(await list({ trigger: reportReady, channel: "SMS" })).toHaveLength(1);
    expect((await list({ contactId: sara.contactId })).map((m) => m.channel).sort()).toEqual(["EMAIL", "SMS"]);
    expect((await list({ externalId: sara.externalId })).map((m) => m.contact?.externalId)).toEqual([sara.externalId, sara.externalId]);
    expect((await list({ to: sara.phone })).map((m) => m.channel)).toEqual(["SMS"]);

    const all = await list({});
    const oldest = all.at(-1)!.createdAt;
    expect(await list({ since: new Date(oldest.getTime() + 1).toISOString() })).toHaveLength(all.filter((m) => m.createdAt > oldest).length);
    expect(await list({ until: oldest.toISOString() })).toHaveLength(0);
    expect(await list({ since: oldest, until: new Date(Date.now() + 60_000) })).toHaveLength(8);
    expect(await list({ externalId: "nobody" })).toHaveLength(0);
  });

  it("pages with a cursor without repeating or skipping", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await lab.api.messages.list({ labId: lab.labId, limit: 3, cursor });
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const all = await lab.api.messages.list({ labId: lab.labId });
    expect(seen).toEqual(all.items.map((m) => m.id));
  });

  it("refuses a cursor it did not make, and limits over 100", async () => {
    await expectTRPCError(lab.api.messages.list({ labId: lab.labId, cursor: "bm90LWEtY3Vyc29y" }), "BAD_REQUEST", /cursor/);
    await expectTRPCError(lab.api.messages.list({ labId: lab.labId, limit: 101 }), "BAD_REQUEST", /limit: expected at most 100/);
  });

  it("shows no worker internals", async () => {
    const [message] = (await lab.api.messages.list({ labId: lab.labId, limit: 1 })).items;
    expect(Object.keys(message!)).not.toEqual(expect.arrayContaining(["claimedBy"]));
    expect(message).not.toHaveProperty("claimedAt");
    expect(message).not.toHaveProperty("businessAccountId");
  });
});

describe("messages.get", () => {
  it("returns the message with its content and timeline", async () => {
    const [sms] = (await lab.api.messages.list({ labId: lab.labId, contactId: sara.contactId, channel: "SMS" })).items;
    const message = await lab.staff.messages.get({ labId: lab.labId, messageId: sms!.id });
    expect(message).toMatchObject({ id: sms!.id, channel: "SMS", body: "Hello Sara, report R-1001 is ready.", variables: VARIABLES, contact: { externalId: sara.externalId } });
    expect(message.timeline[0]).toMatchObject({ type: "queued", status: "QUEUED", source: "api" });
    const times = message.timeline.map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(message).not.toHaveProperty("claimedBy");
  });

  it("does not find another lab's message through this lab", async () => {
    const [foreign] = (await other.api.messages.list({ labId: other.labId })).items;
    await expectTRPCError(lab.api.messages.get({ labId: lab.labId, messageId: foreign!.id }), "NOT_FOUND", /messageId/);
    expect(await db().message.count({ where: { id: foreign!.id, labId: other.labId } })).toBe(1);
  });
});
