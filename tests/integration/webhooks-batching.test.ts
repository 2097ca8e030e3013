import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { createLogger } from "@/server/logger";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { handleProviderWebhook } from "@/server/services/webhooks/handle-provider-webhook";
import { statusReportWriter } from "@/server/services/webhooks/status-report-writer";
import { twilioCallback } from "../../bench/webhook-callbacks";
import { makeOrgWithLabs } from "../helpers/fixtures";
import { insertMessages } from "./delivery-helpers";

const ORIGIN = "https://herald.example";
const silent = createLogger({ write: () => true } as unknown as NodeJS.WritableStream);

/** A lab with a Twilio account and `n` SMS already SENT through it, as Twilio knows them. */
async function sentThroughTwilio(n: number) {
  const { labs } = await makeOrgWithLabs(1);
  const config = { accountSid: `AC${randomBytes(16).toString("hex")}`, authToken: randomBytes(16).toString("hex"), from: "+14155550100" };
  const account = await createBusinessAccount({ db: db(), principal: null, labId: labs[0]!.id, channel: "SMS", provider: "twilio", name: "Twilio", config });
  const ids = await insertMessages(labs[0]!.id, Array.from({ length: n }, () => ({})));
  const sent = [];
  for (const id of ids) {
    const providerMessageId = `SM${randomBytes(16).toString("hex")}`;
    const row = await db().message.update({ where: { id }, data: { status: "SENT", sentAt: new Date(), providerMessageId, businessAccountId: account.id }, select: { id: true, to: true } });
    sent.push({ id: row.id, to: row.to ?? "", providerMessageId });
  }
  return { account, config, sent };
}

describe("webhook status reports written together", () => {
  it("calls that arrive at once share statements, yet each is answered for itself: every status applied once, every repeat refused", async () => {
    const { account, config, sent } = await sentThroughTwilio(12);
    const callbacks = sent.flatMap((m) => (["sent", "delivered"] as const).map((status) => twilioCallback(ORIGIN, account.id, config, m, status)));
    // Every delivered callback arrives twice, the repeat racing the first.
    const calls = [...callbacks, ...callbacks.filter((_, i) => i % 2 === 1)];
    const answers = await Promise.all(
      calls.map((c) =>
        handleProviderWebhook({
          db: db(), logger: silent, provider: "twilio", accountId: account.id,
          request: { url: `${ORIGIN}${c.path}`, method: "POST", headers: new Headers(c.headers), rawBody: c.body },
        }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(calls.map(() => 200));
    const summaries = answers.map((a) => a.summary!);
    expect(summaries.reduce((n, s) => n + s.duplicates, 0)).toBe(12);
    expect(summaries.reduce((n, s) => n + s.statusesApplied, 0)).toBeLessThanOrEqual(24);
    const messages = await db().message.findMany({ where: { id: { in: sent.map((m) => m.id) } }, select: { status: true, deliveredAt: true } });
    expect(messages.map((m) => m.status)).toEqual(sent.map(() => "DELIVERED"));
    expect(messages.every((m) => m.deliveredAt !== null)).toBe(true);
    expect(await db().webhookReceipt.count({ where: { businessAccountId: account.id } })).toBe(24);
    expect(await db().messageEvent.count({ where: { messageId: { in: sent.map((m) => m.id) }, source: "webhook" } })).toBe(24);
  });

  it("a key carried by two calls of one batch is claimed by the first; the second is its repeat and changes nothing", async () => {
    const { account, sent } = await sentThroughTwilio(1);
    const write = statusReportWriter(db());
    const report = { businessAccountId: account.id, providerMessageId: sent[0]!.providerMessageId, status: "DELIVERED" as const, at: new Date() };
    // Submitted in one turn, so both go into the same statement.
    const [first, second] = await Promise.all([
      write({ now: new Date(), reports: [{ report, eventKey: "delivered-1" }] }),
      write({ now: new Date(), reports: [{ report, eventKey: "delivered-1" }] }),
    ]);

    expect(first).toMatchObject([{ messageId: sent[0]!.id, applied: true, claimed: true }]);
    expect(second).toMatchObject([{ applied: false, claimed: false }]);
    expect(await db().messageEvent.count({ where: { messageId: sent[0]!.id, source: "webhook" } })).toBe(1);
  });

  it("the same key on two accounts is two events: receipts are per account", async () => {
    const a = await sentThroughTwilio(1);
    const b = await sentThroughTwilio(1);
    const write = statusReportWriter(db());
    const reportOf = (x: typeof a) => ({ businessAccountId: x.account.id, providerMessageId: x.sent[0]!.providerMessageId, status: "DELIVERED" as const, at: new Date() });
    const [onA, onB] = await Promise.all([
      write({ now: new Date(), reports: [{ report: reportOf(a), eventKey: "same-key" }] }),
      write({ now: new Date(), reports: [{ report: reportOf(b), eventKey: "same-key" }] }),
    ]);

    expect(onA).toMatchObject([{ messageId: a.sent[0]!.id, applied: true, claimed: true }]);
    expect(onB).toMatchObject([{ messageId: b.sent[0]!.id, applied: true, claimed: true }]);
  });

  it("reports for one message in one batch: the furthest status wins, each report is an event, and a key repeated in the batch is claimed once", async () => {
    const { account, sent } = await sentThroughTwilio(1);
    const write = statusReportWriter(db());
    const reportOf = (status: "SENT" | "DELIVERED") => ({ businessAccountId: account.id, providerMessageId: sent[0]!.providerMessageId, status, at: new Date() });
    const [delivered, sentAgain, repeat] = await Promise.all([
      write({ now: new Date(), reports: [{ report: reportOf("DELIVERED"), eventKey: "delivered" }] }),
      write({ now: new Date(), reports: [{ report: reportOf("SENT"), eventKey: "sent" }] }),
      write({ now: new Date(), reports: [{ report: reportOf("DELIVERED"), eventKey: "delivered" }] }),
    ]);

    expect(delivered).toMatchObject([{ messageId: sent[0]!.id, applied: true, claimed: true }]);
    expect(sentAgain).toMatchObject([{ messageId: sent[0]!.id, applied: false, claimed: true }]);
    expect(repeat).toMatchObject([{ applied: false, claimed: false }]);
    expect(await db().message.findUniqueOrThrow({ where: { id: sent[0]!.id }, select: { status: true } })).toEqual({ status: "DELIVERED" });
    const events = await db().messageEvent.findMany({ where: { messageId: sent[0]!.id, source: "webhook" }, select: { status: true, detail: true } });
    expect(events.map((e) => e.status).sort()).toEqual(["DELIVERED", "SENT"]);
    expect(await db().webhookReceipt.count({ where: { businessAccountId: account.id } })).toBe(2);
  });

  it("reports for one message in one batch read in the order they came: each event dated after the one before", async () => {
    const { account, sent } = await sentThroughTwilio(2);
    const write = statusReportWriter(db());
    const reportOf = (i: number, status: "SENT" | "DELIVERED") => ({ businessAccountId: account.id, providerMessageId: sent[i]!.providerMessageId, status, at: new Date() });
    // The first call's statement is in flight while the next two arrive: those two share the next statement.
    await Promise.all([
      write({ now: new Date(), reports: [{ report: reportOf(1, "DELIVERED"), eventKey: "other" }] }),
      write({ now: new Date(), reports: [{ report: reportOf(0, "SENT"), eventKey: "sent" }] }),
      write({ now: new Date(), reports: [{ report: reportOf(0, "DELIVERED"), eventKey: "delivered" }] }),
    ]);

    const events = await db().messageEvent.findMany({ where: { messageId: sent[0]!.id, source: "webhook" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(events.map((e) => e.status)).toEqual(["SENT", "DELIVERED"]);
    const [first, second] = await db().$queryRaw<{ at: string }[]>`
      SELECT to_char("createdAt", 'YYYY-MM-DD HH24:MI:SS.US') AS at FROM "MessageEvent" WHERE "messageId" = ${sent[0]!.id} AND source = 'webhook' ORDER BY "createdAt"`;
    expect(second!.at > first!.at).toBe(true);
  });

  it("a report PostgreSQL refuses fails its own call only: the batch is written again call by call, and the refused one is not claimed", async () => {
    const { account, sent } = await sentThroughTwilio(3);
    const write = statusReportWriter(db());
    const reportOf = (i: number, extra: { errorMessage?: string } = {}) => ({
      businessAccountId: account.id, providerMessageId: sent[i]!.providerMessageId, status: "FAILED" as const, at: new Date(), errorCode: "30003", ...extra,
    });
    const statements = vi.spyOn(pg.Client.prototype, "query");
    try {
      // A NUL byte, which no PostgreSQL text may hold, in the middle call's error message.
      const [good, bad, alsoGood] = await Promise.allSettled([
        write({ now: new Date(), reports: [{ report: reportOf(0), eventKey: "failed-0" }] }),
        write({ now: new Date(), reports: [{ report: reportOf(1, { errorMessage: "unreachable\u0000handset" }), eventKey: "failed-1" }] }),
        write({ now: new Date(), reports: [{ report: reportOf(2), eventKey: "failed-2" }] }),
      ]);
      // One statement for the batch, then one per call.
      expect(statements).toHaveBeenCalledTimes(4);
      expect(good).toMatchObject({ status: "fulfilled", value: [{ messageId: sent[0]!.id, applied: true, claimed: true }] });
      expect(bad.status).toBe("rejected");
      expect(alsoGood).toMatchObject({ status: "fulfilled", value: [{ messageId: sent[2]!.id, applied: true, claimed: true }] });
    } finally {
      statements.mockRestore();
    }
    const statuses = await db().message.findMany({ where: { id: { in: sent.map((m) => m.id) } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((m) => [m.id, m.status]))).toEqual({ [sent[0]!.id]: "FAILED", [sent[1]!.id]: "SENT", [sent[2]!.id]: "FAILED" });
    expect(await db().messageEvent.count({ where: { messageId: sent[1]!.id, source: "webhook" } })).toBe(0);

    // Nothing of the refused call was claimed: its provider's retry, once it can be stored, applies.
    const retried = await write({ now: new Date(), reports: [{ report: reportOf(1, { errorMessage: "unreachable handset" }), eventKey: "failed-1" }] });
    expect(retried).toMatchObject([{ messageId: sent[1]!.id, applied: true, claimed: true }]);
  });

  it("two accounts in one batch: a report reaches only the messages of the account it came through", async () => {
    const a = await sentThroughTwilio(1);
    const b = await sentThroughTwilio(1);
    const write = statusReportWriter(db());
    const [intruding, own] = await Promise.all([
      // Through account A, naming B's message by B's provider id.
      write({ now: new Date(), reports: [{ report: { businessAccountId: a.account.id, providerMessageId: b.sent[0]!.providerMessageId, status: "FAILED", at: new Date() }, eventKey: "cross" }] }),
      write({ now: new Date(), reports: [{ report: { businessAccountId: b.account.id, providerMessageId: b.sent[0]!.providerMessageId, status: "DELIVERED", at: new Date() }, eventKey: "own" }] }),
    ]);

    expect(intruding).toMatchObject([{ messageId: null, applied: false }]);
    expect(own).toMatchObject([{ messageId: b.sent[0]!.id, applied: true, claimed: true }]);
    expect(await db().message.findUniqueOrThrow({ where: { id: b.sent[0]!.id }, select: { status: true } })).toEqual({ status: "DELIVERED" });
    expect(await db().message.findUniqueOrThrow({ where: { id: a.sent[0]!.id }, select: { status: true } })).toEqual({ status: "SENT" });
    const events = await db().messageEvent.findMany({ where: { messageId: { in: [a.sent[0]!.id, b.sent[0]!.id] }, source: "webhook" }, select: { messageId: true, status: true } });
    expect(events).toEqual([{ messageId: b.sent[0]!.id, status: "DELIVERED" }]);
  });
});
