import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { cleanupMessages, redactableBatch } from "@/server/services/delivery/cleanup-messages";
import { rollUpMessageStats } from "@/server/services/stats/roll-up-message-stats";
import { insertMessages, makeDeliveryLab } from "./delivery-helpers";

const DAY = 24 * 60 * 60_000;

/** A lab keeping 30 days, with three messages past retention (sent on one Riyadh day) and one recent. */
async function labWithHistory() {
  const { lab } = await makeDeliveryLab([]);
  await db().lab.update({ where: { id: lab.id }, data: { retentionDays: 30, timezone: "Asia/Riyadh" } });
  const contact = await db().contact.create({ data: { labId: lab.id, name: "Sara", phone: "+966500000001" } });
  const [deliveredA, deliveredB, failed, recent] = await insertMessages(lab.id, [{ triggerKey: "REPORT_READY" }, { triggerKey: "REPORT_READY" }, { triggerKey: "OTP" }, {}]);
  // 22:30 UTC is 01:30 the next day in Riyadh: the aggregate belongs to the lab's own day.
  const old = new Date(Date.UTC(2026, 0, 10, 22, 30));
  for (const id of [deliveredA!, deliveredB!]) {
    await db().message.update({ where: { id }, data: { status: "DELIVERED", cost: "0.0075", currency: "USD", createdAt: old, contactId: contact.id, errorMessage: "sent to +966500000001" } });
  }
  await db().message.update({ where: { id: failed! }, data: { status: "FAILED", errorCode: "invalid_number", createdAt: old } });
  await db().messageEvent.updateMany({ where: { messageId: deliveredA! }, data: { detail: { to: "+966500000001" } } });
  return { lab, old: [deliveredA!, deliveredB!, failed!], recent: recent! };
}

/** The lab's daily statistics once the rollup has read every change (the redaction's events included). */
async function statsOf(labId: string) {
  await rollUpMessageStats({ db: db() });
  const rows = await db().messageStatDay.findMany({ where: { labId }, orderBy: [{ triggerKey: "asc" }, { status: "asc" }] });
  return rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), channel: r.channel, triggerKey: r.triggerKey, status: r.status, reason: r.reason, count: r.count, cost: r.cost.toString() }));
}

describe("retention cleanup", () => {
  it("keeps the daily statistics as they were, erases content and personal data past retention, and changes nothing when run again", async () => {
    const { lab, old, recent } = await labWithHistory();
    const expected = [
      { day: "2026-01-11", channel: "SMS", triggerKey: "OTP", status: "FAILED", reason: "invalid_number", count: 1, cost: "0" },
      { day: expect.any(String), channel: "SMS", triggerKey: "REPORT_READY", status: "QUEUED", reason: "", count: 1, cost: "0" },
      { day: "2026-01-11", channel: "SMS", triggerKey: "REPORT_READY", status: "DELIVERED", reason: "", count: 2, cost: "0.015" },
    ];
    expect(await statsOf(lab.id)).toEqual(expected);

    await cleanupMessages({ db: db(), now: new Date() });

    expect(await statsOf(lab.id)).toEqual(expected);
    for (const id of old) {
      const m = await db().message.findUniqueOrThrow({ where: { id }, include: { events: true } });
      expect(m).toMatchObject({ to: null, body: null, subject: null, html: null, text: null, variables: null, contactId: null, errorMessage: null });
      expect(m.redactedAt).toBeInstanceOf(Date);
      // What the statistics and the timeline's shape need stays.
      expect(m.status).not.toBeNull();
      expect(m.events.every((e) => e.detail === null)).toBe(true);
      expect(m.events.map((e) => e.type)).toContain("redacted");
    }
    expect(await db().message.findUniqueOrThrow({ where: { id: recent } })).toMatchObject({ redactedAt: null, to: expect.any(String) });

    await cleanupMessages({ db: db(), now: new Date() });

    expect(await statsOf(lab.id)).toEqual(expected);
  });

  it("keeps the address and content of messages not yet sent, however old, and redacts every finished one", async () => {
    const { lab } = await makeDeliveryLab([]);
    await db().lab.update({ where: { id: lab.id }, data: { retentionDays: 30 } });
    const statuses = ["SCHEDULED", "QUEUED", "SENDING", "SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED", "CANCELLED", "SKIPPED"] as const;
    const ids = await insertMessages(lab.id, statuses.map(() => ({ body: "Your report is ready" })));
    const created = new Date(Date.now() - 40 * DAY);
    for (const [i, status] of statuses.entries()) {
      // A message scheduled far ahead when it was written, still waiting for its time.
      const sendAt = status === "SCHEDULED" ? new Date(Date.now() + 300 * DAY) : undefined;
      await db().message.update({ where: { id: ids[i]! }, data: { status, createdAt: created, sendAt } });
    }

    await cleanupMessages({ db: db() });

    const after = await db().message.findMany({ where: { labId: lab.id }, select: { status: true, to: true, body: true, redactedAt: true } });
    const unsent = after.filter((m) => ["SCHEDULED", "QUEUED", "SENDING"].includes(m.status));
    expect(unsent).toHaveLength(3);
    for (const m of unsent) expect(m, m.status).toMatchObject({ to: expect.any(String), body: "Your report is ready", redactedAt: null });
    const finished = after.filter((m) => !unsent.includes(m));
    expect(finished).toHaveLength(7);
    for (const m of finished) expect(m, m.status).toMatchObject({ to: null, body: null, redactedAt: expect.any(Date) });
  });

  it("two cleanups at once still count each message once", async () => {
    const { lab } = await labWithHistory();

    await Promise.all([cleanupMessages({ db: db(), batchSize: 1 }), cleanupMessages({ db: db(), batchSize: 1 })]);

    expect((await statsOf(lab.id)).reduce((sum, s) => sum + s.count, 0)).toBe(4);
    expect(await db().message.count({ where: { labId: lab.id, redactedAt: { not: null } } })).toBe(3);
  });

  it("finds a lab's redactable messages through the index that holds only finished, unredacted ones", async () => {
    const { lab } = await labWithHistory();
    const plan = await db().$transaction(async (tx) => {
      // The test tables are tiny, where a sequential scan always wins: forbid it, so the plan shows
      // whether the index can serve the query at all (its predicate must be implied by the query's).
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const rows = await tx.$queryRaw<{ "QUERY PLAN": unknown }[]>`EXPLAIN (FORMAT JSON) ${redactableBatch(lab.id, new Date(), 100)}`;
      return JSON.stringify(rows[0]!["QUERY PLAN"]);
    });
    expect(plan).toContain('"Index Name":"Message_redactable_idx"');
  });
});
