import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
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
});
