import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { callerFor, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { rollUpMessageStats } from "@/server/services/stats/roll-up-message-stats";
import { claimMessages } from "@/server/services/delivery/claim-messages";
import { recordDispatchOutcomes } from "@/server/services/delivery/record-dispatch-outcomes";
import { dispatch, insertMessages, phone, timeline, withProviderTimeout } from "./delivery-helpers";

const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
const accountSid = () => `AC${[...uniq().replace(/[^0-9a-f]/g, "")].join("").padEnd(32, "a").slice(0, 32)}`;
const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

/** A lab whose SMS goes through a Twilio account of its own, known to the simulator with its token and inbound URL. */
async function twilioLab(options: { channel?: "SMS" | "WHATSAPP"; maxAttempts?: number; atLeastOnce?: boolean } = {}) {
  const { organization, labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const channel = options.channel ?? "SMS";
  const sid = accountSid();
  const account = await createBusinessAccount({
    db: db(), principal: null, labId: lab.id, channel, provider: "twilio", name: "Twilio", maxAttempts: options.maxAttempts, atLeastOnce: options.atLeastOnce,
    config: { accountSid: sid, authToken: AUTH_TOKEN, from: "+14155550100" },
  });
  harness.sim.accounts.register({ provider: "twilio", id: sid, secret: AUTH_TOKEN, webhookUrl: harness.webhookUrl("twilio", account.id) });
  return { lab: { ...lab, organizationId: organization.id }, account, sid };
}

/** Twilio's signature, computed here from its documented algorithm, independently of the adapter. */
function twilioSignature(url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join("");
  return createHmac("sha1", AUTH_TOKEN).update(data).digest("base64");
}

async function postCallback(accountId: string, params: Record<string, string>, signature?: string) {
  const url = harness.webhookUrl("twilio", accountId);
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature !== undefined && { "x-twilio-signature": signature }) },
    body: new URLSearchParams(params).toString(),
  });
}

describe("Twilio through Herald's pipeline and webhook", () => {
  it("sends through the SDK and learns sent and delivered from Twilio's signed callbacks", async () => {
    const { lab } = await twilioLab();
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);

    await dispatch([id!]);
    const delivered = await eventually(() => message(id!), (m) => m.status === "DELIVERED");

    expect(delivered.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);
    const statusEvents = (await timeline(id!)).filter((e) => e.type === "status");
    expect(statusEvents.map((e) => [e.status, e.source])).toEqual([["SENT", "webhook"], ["DELIVERED", "webhook"]]);
    expect(delivered.deliveredAt!.getTime()).toBeGreaterThanOrEqual(delivered.sentAt!.getTime());
  });

  it("refuses a missing, wrong or tampered signature with 401 and changes nothing", async () => {
    const { lab, account, sid } = await twilioLab();
    const [id] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await dispatch([id!]);
    const { providerMessageId } = await message(id!);
    const params = { MessageSid: providerMessageId!, MessageStatus: "undelivered", AccountSid: sid, ErrorCode: "30003" };
    const url = harness.webhookUrl("twilio", account.id);

    expect((await postCallback(account.id, params)).status).toBe(401);
    expect((await postCallback(account.id, params, twilioSignature(`${url}?x=1`, params))).status).toBe(401);
    expect((await postCallback(account.id, { ...params, MessageStatus: "failed" }, twilioSignature(url, params))).status).toBe(401);
    expect((await message(id!)).status).toBe("SENT");

    const accepted = await postCallback(account.id, params, twilioSignature(url, params));
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain("<Response>");
    expect(await message(id!)).toMatchObject({ status: "UNDELIVERED", errorCode: "30003" });
  });

  it("applies a repeated callback once, and out-of-order callbacks never move a message back", async () => {
    const { lab, sid } = await twilioLab();
    harness.sim.faults.add([{ provider: "twilio", account: sid, callbacks: { duplicateRate: 1, outOfOrder: true, delayMs: { min: 5, max: 20 } } }]);
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);

    await dispatch([id!]);
    await eventually(async () => (await timeline(id!)).filter((e) => e.type === "status").length, (n) => n >= 2);
    await harness.sim.callbacks.idle();

    expect((await message(id!)).status).toBe("DELIVERED");
    const statusEvents = (await timeline(id!)).filter((e) => e.type === "status");
    // Four callbacks arrived (two statuses, each twice); the repeats were deduplicated before they reached the timeline.
    expect(harness.sim.callbacks.deliveries.filter((d) => d.heraldMessageId === id || d.url.includes(id!)).length).toBeGreaterThanOrEqual(4);
    expect(statusEvents.map((e) => e.status).sort()).toEqual(["DELIVERED", "SENT"]);
    // The send's own answer already made it SENT: Twilio's "sent" callback never applies, before or after "delivered".
    expect(statusEvents.find((e) => e.status === "SENT")!.detail).toMatchObject({ applied: false, ignored: expect.stringMatching(/^(stale|repeat)$/) });
  });

  it("acknowledges a callback about a message Herald does not know, so Twilio stops retrying", async () => {
    const { account, sid } = await twilioLab();
    const params = { MessageSid: `SM${"9".repeat(32)}`, MessageStatus: "delivered", AccountSid: sid };
    const response = await postCallback(account.id, params, twilioSignature(harness.webhookUrl("twilio", account.id), params));
    expect(response.status).toBe(200);
  });

  it("answers 404 for an account that is not the URL's provider's, and never checks another account's secret", async () => {
    const { account } = await twilioLab();
    const response = await fetch(harness.webhookUrl("resend", account.id), { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
  });
});

describe("replies: STOP and START, in English and Arabic", () => {
  for (const [stop, start] of [["STOP", "START"], ["إيقاف", "ابدأ"], ["  unsubscribe. ", "yes"]] as const) {
    it(`"${stop.trim()}" withdraws consent and suppresses the number; "${start}" restores both; each audited as inbound_keyword`, async () => {
      const { lab, sid } = await twilioLab();
      const patient = phone();
      const contact = await db().contact.create({ data: { labId: lab.id, externalId: `p-${uniq()}`, phone: patient } });

      await harness.sim.providers.get("twilio")!.inbound!({ account: sid, from: patient, to: "+14155550100", body: stop }, harness.sim);
      await harness.sim.callbacks.idle();

      const consent = () => db().contactConsent.findUnique({ where: { contactId_channel: { contactId: contact.id, channel: "SMS" } } });
      const suppressed = () => db().suppression.findMany({ where: { labId: lab.id, channel: "SMS", address: patient } });
      expect(await consent()).toMatchObject({ status: "WITHDRAWN", source: "inbound_keyword" });
      expect(await suppressed()).toMatchObject([{ reason: "stop_keyword" }]);

      await harness.sim.providers.get("twilio")!.inbound!({ account: sid, from: patient, to: "+14155550100", body: start }, harness.sim);
      await harness.sim.callbacks.idle();

      expect(await consent()).toMatchObject({ status: "GRANTED", source: "inbound_keyword" });
      expect(await suppressed()).toEqual([]);
      const audit = await db().auditLog.findMany({ where: { labId: lab.id, targetType: { in: ["contact", "suppression"] } }, orderBy: { createdAt: "asc" } });
      expect(audit.map((a) => [a.action, (a.diff as { source?: string }).source])).toEqual([
        ["contact.consent.withdraw", "inbound_keyword"],
        ["suppression.add", "inbound_keyword"],
        ["contact.consent.grant", "inbound_keyword"],
        ["suppression.remove", "inbound_keyword"],
      ]);
    });
  }

  it("ignores a reply that only mentions a keyword", async () => {
    const { lab, sid } = await twilioLab();
    const patient = phone();
    await harness.sim.providers.get("twilio")!.inbound!({ account: sid, from: patient, to: "+14155550100", body: "please stop by at 5" }, harness.sim);
    await harness.sim.callbacks.idle();
    expect(await db().suppression.count({ where: { labId: lab.id } })).toBe(0);
  });
});

describe("replies under load", () => {
  // The chaos runs' P2028: the WhatsApp sessions' forty "Hello" replies, each in a Prisma transaction
  // that gave up after its maxWait (10 s) while the pool's connections were all busy, answered 500.
  it("a reply without a keyword waits for a connection rather than failing with P2028 when the pool is busy longer than Prisma would wait", async () => {
    const { sid, account } = await twilioLab();
    const inbound = (body: string) => harness.sim.providers.get("twilio")!.inbound!({ account: sid, from: phone(), to: "+14155550100", body }, harness.sim);
    // The first reply puts the account in the webhook's cache, so the second needs no connection before its transaction.
    await inbound("Hello");
    await harness.sim.callbacks.idle();
    const before = harness.sim.callbacks.deliveries.length;

    const poolSize = env().DATABASE_POOL_SIZE;
    const busy = Promise.all(Array.from({ length: poolSize }, () => db().$queryRaw`SELECT 1 AS slept FROM pg_sleep(11)`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await inbound("Hello, is my report ready?");
    await busy;
    await harness.sim.callbacks.idle();

    // The route's answers to the simulator: a 500 (P2028) would be followed by the simulator's retry.
    const answers = harness.sim.callbacks.deliveries.slice(before).filter((d) => d.url === harness.webhookUrl("twilio", account.id));
    expect(answers.map((d) => [d.label, d.attempt, d.status])).toEqual([["twilio:inbound", 1, 200]]);
  }, 60_000);
});

describe("failures Twilio reports", () => {
  it("a number that replied STOP to Twilio (21610) is suppressed and its consent withdrawn", async () => {
    const { lab } = await twilioLab();
    const patient = phone("0001");
    const contact = await db().contact.create({ data: { labId: lab.id, externalId: `p-${uniq()}`, phone: patient } });
    const [id] = await insertMessages(lab.id, [{ to: patient, contactId: contact.id }]);

    await dispatch([id!]);

    expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "unsubscribed" });
    expect(await db().suppression.findMany({ where: { labId: lab.id } })).toMatchObject([{ address: patient, reason: "provider_unsubscribed" }]);
    expect(await db().contactConsent.findFirst({ where: { contactId: contact.id } })).toMatchObject({ status: "WITHDRAWN" });
  });

  it("an opt-out refused at once (21610) and the same reported by a signed callback are one code, one failure reason", async () => {
    const { lab, account, sid } = await twilioLab();
    // 0001 is refused by the API with 21610; 2222 is accepted and left SENT, for the callback below.
    const [refused, reported] = await insertMessages(lab.id, [{ to: phone("0001") }, { to: phone("2222") }]);
    await dispatch([refused!, reported!]);
    const sent = await message(reported!);
    expect(sent.status).toBe("SENT");

    const url = harness.webhookUrl("twilio", account.id);
    const params = { MessageSid: sent.providerMessageId!, MessageStatus: "failed", AccountSid: sid, ErrorCode: "21610", To: sent.to! };
    expect((await postCallback(account.id, params, twilioSignature(url, params))).status).toBe(200);

    expect(await message(refused!)).toMatchObject({ status: "FAILED", errorCode: "unsubscribed" });
    expect(await message(reported!)).toMatchObject({ status: "FAILED", errorCode: "unsubscribed", errorMessage: "Attempt to send to unsubscribed recipient" });
    // Twilio's own code stays in each timeline: the refused call's failed event and the callback's status event.
    const [refusal] = (await timeline(refused!)).filter((e) => e.type === "failed");
    expect(refusal).toMatchObject({ detail: { code: "unsubscribed", providerCode: "21610" } });
    const [report] = (await timeline(reported!)).filter((e) => e.type === "status" && e.status === "FAILED");
    expect(report).toMatchObject({ source: "webhook", detail: { applied: true, errorCode: "unsubscribed", providerCode: "21610" } });

    await rollUpMessageStats({ db: db() });
    const admin = callerFor((await makeUser({ labId: lab.id, role: "LAB_ADMIN" })).principal);
    const overview = await admin.stats.overview({ labId: lab.id, from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 60_000) });
    expect(overview.failureReasons).toEqual([{ code: "unsubscribed", provider: "twilio", channel: "SMS", count: 2 }]);
  });

  it("free WhatsApp text outside the 24-hour window (63016) fails as template_required, as a refused send does, with Twilio's code and message kept", async () => {
    const { lab } = await twilioLab({ channel: "WHATSAPP" });
    const [id] = await insertMessages(lab.id, [{ channel: "WHATSAPP", to: phone("7777") }]);

    await dispatch([id!]);
    const failed = await eventually(() => message(id!), (m) => m.status === "FAILED");

    // Twilio's callback names the code alone; the message is Twilio's own for it, as a refused call's is.
    const outsideWindow = "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.";
    expect(failed).toMatchObject({ errorCode: "template_required", errorMessage: outsideWindow });
    const [event] = (await timeline(id!)).filter((e) => e.type === "status" && e.status === "FAILED");
    expect(event).toMatchObject({ source: "webhook", detail: { applied: true, errorCode: "template_required", providerCode: "63016", errorMessage: outsideWindow } });
  });

  it("fails over from a Twilio that is down to the lab's second account", async () => {
    const { lab, sid } = await twilioLab({ maxAttempts: 1 });
    const second = await createBusinessAccount({ db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "sandbox", name: "backup", config: {}, priority: 50 });
    harness.sim.faults.add([{ provider: "twilio", account: sid, down: true }]);
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);

    const first = await dispatch([id!]);
    expect(first).toMatchObject({ failedOver: 1 });
    await dispatch([id!]);

    expect(await message(id!)).toMatchObject({ status: "DELIVERED", businessAccountId: second.id });
    expect((await timeline(id!)).find((e) => e.type === "failover")?.detail).toMatchObject({ code: "provider_unavailable", from: expect.any(String), to: second.id });
  });

  // A call without an answer may have reached Twilio, which takes no idempotency key: sending it again
  // could text the patient twice (the crash suite saw exactly that). It is an unknown outcome, as a
  // crash mid-call is, so it is not retried unless the account allows at-least-once delivery.
  it("a provider call that hangs is cut off by its timeout, frees its slot and is not sent again: its outcome is unknown", async () => {
    const { lab, sid } = await twilioLab();
    harness.sim.faults.add([{ provider: "twilio", account: sid, operation: "send", timeoutRate: 1, times: 1 }]);
    await withProviderTimeout(300, async () => {
      const [id] = await insertMessages(lab.id, [{ to: phone() }]);
      const started = Date.now();
      const run = await dispatch([id!]);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(run).toMatchObject({ retrying: 0, failed: 1 });
      expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "outcome_unknown" });
      expect((await timeline(id!)).at(-1)?.detail).toMatchObject({ unanswered: "timeout" });

      await dispatch([id!], { now: new Date(Date.now() + 60 * 60_000) });
      expect(harness.sim.ledger.query({ provider: "twilio", operation: "send" }).filter((e) => e.rawBody.includes(encodeURIComponent(id!)))).toHaveLength(1);
      expect((await message(id!)).status).toBe("FAILED");
    });
  });

  it("a provider call that hangs is retried once when the account allows at-least-once delivery", async () => {
    const { lab, sid } = await twilioLab({ atLeastOnce: true });
    harness.sim.faults.add([{ provider: "twilio", account: sid, operation: "send", timeoutRate: 1, times: 1 }]);
    await withProviderTimeout(300, async () => {
      const [id] = await insertMessages(lab.id, [{ to: phone() }]);
      expect(await dispatch([id!])).toMatchObject({ retrying: 1 });
      expect(await message(id!)).toMatchObject({ status: "QUEUED", errorCode: "timeout" });

      await dispatch([id!], { now: new Date(Date.now() + 60 * 60_000) });
      await eventually(() => message(id!), (m) => m.status === "DELIVERED");
      expect(harness.sim.ledger.query({ provider: "twilio", operation: "send" }).filter((e) => e.rawBody.includes(encodeURIComponent(id!)))).toHaveLength(2);
      expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);
    });
  });
});


describe("a worker that died during the provider call", () => {
  /** The message as a dead worker left it: claimed long ago, its provider call made, its outcome never written. */
  async function abandoned(labId: string, to: string, accountId: string) {
    const [id] = await insertMessages(labId, [{ to }]);
    await db().message.update({ where: { id: id! }, data: { status: "SENDING", claimedBy: "dead-worker", claimedAt: new Date(Date.now() - 10 * 60_000), callStartedAt: new Date(Date.now() - 10 * 60_000 + 5), attempts: 1, businessAccountId: accountId } });
    return id!;
  }

  it("is not sent again through Twilio, which cannot dedupe: it fails as outcome_unknown for a person to decide", async () => {
    const { lab, account } = await twilioLab();
    const id = await abandoned(lab.id, phone(), account.id);

    await dispatch([id]);

    expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: "outcome_unknown" });
    expect(harness.sim.ledger.acceptedSends(id)).toBe(0);
    expect((await timeline(id)).at(-1)?.detail).toMatchObject({ reclaimedFrom: "dead-worker" });
  });

  it("is sent again when the lab's account allows at-least-once delivery", async () => {
    const { lab, account } = await twilioLab({ atLeastOnce: true });
    const id = await abandoned(lab.id, phone(), account.id);

    await dispatch([id]);

    expect((await message(id)).status).toMatch(/SENT|DELIVERED/);
    expect(harness.sim.ledger.acceptedSends(id)).toBe(1);
  });

  it("is simply sent again when it died before the provider call began", async () => {
    const { lab, account } = await twilioLab();
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);
    await db().message.update({ where: { id: id! }, data: { status: "SENDING", claimedBy: "dead-worker", claimedAt: new Date(Date.now() - 10 * 60_000), attempts: 1, businessAccountId: account.id } });

    await dispatch([id!]);

    expect((await message(id!)).status).toMatch(/SENT|DELIVERED/);
    expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);
  });
});

describe("shutdown", () => {
  it("calls not yet begun when the worker is told to stop go back to the queue at once, none left claimed", async () => {
    const { lab } = await twilioLab();
    const ids = await insertMessages(lab.id, Array.from({ length: 3 }, () => ({ to: phone() })));
    const stop = new AbortController();
    stop.abort();

    const { dispatchMessages } = await import("@/server/services/delivery/dispatch-messages");
    const summary = await dispatchMessages({ db: db(), messageIds: ids, workerId: `stopping-${uniq()}`, signal: stop.signal, schedule: async () => {} });

    expect(summary).toMatchObject({ claimed: 3, retrying: 3, sent: 0 });
    expect((await db().message.findMany({ where: { id: { in: ids } } })).map((m) => [m.status, m.errorCode, m.claimedBy])).toEqual(ids.map(() => ["QUEUED", "shutdown", null]));
    expect(ids.reduce((sum, id) => sum + harness.sim.ledger.acceptedSends(id), 0)).toBe(0);
  });
});

describe("a send that timed out but was accepted", () => {
  it("is not sent again (the patient gets one message), and Twilio's signed callbacks lift it from outcome_unknown to DELIVERED", async () => {
    const { lab, sid } = await twilioLab();
    // Slower than Herald's timeout: Herald gives up on the answer, Twilio sends the message anyway.
    harness.sim.faults.add([{ provider: "twilio", account: sid, operation: "send", latencyMs: { min: 700, max: 700 }, times: 1 }]);
    await withProviderTimeout(300, async () => {
      const [id] = await insertMessages(lab.id, [{ to: phone() }]);
      expect(await dispatch([id!])).toMatchObject({ failed: 1 });
      await eventually(() => Promise.resolve(harness.sim.ledger.acceptedSends(id!)), (sends) => sends === 1);
      await harness.sim.callbacks.idle();
      await dispatch([id!], { now: new Date(Date.now() + 60 * 60_000) });

      const lifted = await eventually(() => message(id!), (m) => m.status === "DELIVERED");
      expect(lifted).toMatchObject({ errorCode: null, errorMessage: null, providerMessageId: expect.stringMatching(/^SM/) });
      expect(lifted.deliveredAt!.getTime()).toBeGreaterThanOrEqual(lifted.sentAt!.getTime());
      expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);
      expect(harness.sim.ledger.query({ provider: "twilio", operation: "send" }).filter((e) => e.rawBody.includes(encodeURIComponent(id!)))).toHaveLength(1);
      const applied = (await timeline(id!)).filter((e) => e.type === "status" && (e.detail as { applied?: boolean }).applied);
      // The simulator calls back "sent" then "delivered": the first lifts the unknown, the second moves on.
      expect(applied.map((e) => e.source)).toEqual(applied.map(() => "webhook"));
      expect(applied.at(-1)?.status).toBe("DELIVERED");
      expect(applied[0]!.detail).toMatchObject({ previous: "FAILED", lifted: "outcome_unknown" });
    });
  });
});

describe("a signed callback about a message FAILED outcome_unknown", () => {
  /** A message whose Twilio call went unanswered: FAILED outcome_unknown on the account, no provider id. */
  async function unknownOutcome(options: { errorCode?: string } = {}) {
    const { lab, account, sid } = await twilioLab();
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);
    await db().message.update({
      where: { id: id! },
      data: { status: "FAILED", errorCode: options.errorCode ?? "outcome_unknown", errorMessage: "the call to twilio got no answer", businessAccountId: account.id, provider: "twilio", attempts: 1, callStartedAt: new Date(Date.now() - 60_000) },
    });
    return { id: id!, account, sid, lab };
  }

  async function callback(accountId: string, accountSidOfLab: string, messageId: string, fields: Record<string, string>) {
    const url = `${harness.webhookUrl("twilio", accountId)}?m=${messageId}`;
    const params = { AccountSid: accountSidOfLab, ...fields };
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(url, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(200);
  }

  it("takes the provider id and the reported status, once however often the report comes, then moves on as usual", async () => {
    const { id, account, sid } = await unknownOutcome();
    const pmid = `SM${"5".repeat(32)}`;
    for (let i = 0; i < 3; i++) await callback(account.id, sid, id, { MessageSid: pmid, MessageStatus: "delivered" });

    const lifted = await message(id);
    expect(lifted).toMatchObject({ status: "DELIVERED", providerMessageId: pmid, errorCode: null, errorMessage: null });
    expect(lifted.sentAt).not.toBeNull();
    const events = (await timeline(id)).filter((e) => e.type === "status");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: "DELIVERED", source: "webhook", detail: { applied: true, previous: "FAILED", lifted: "outcome_unknown" } });

    // A later report of the same message that is not news changes nothing; one that is moves it forward.
    await callback(account.id, sid, id, { MessageSid: pmid, MessageStatus: "sent" });
    expect((await message(id)).status).toBe("DELIVERED");
    await callback(account.id, sid, id, { MessageSid: pmid, MessageStatus: "undelivered", ErrorCode: "30003" });
    expect(await message(id)).toMatchObject({ status: "DELIVERED", errorCode: null });
  });

  it("takes an undelivered report with the provider's reason in place of outcome_unknown", async () => {
    const { id, account, sid } = await unknownOutcome();
    await callback(account.id, sid, id, { MessageSid: `SM${"4".repeat(32)}`, MessageStatus: "undelivered", ErrorCode: "30003" });
    expect(await message(id)).toMatchObject({ status: "UNDELIVERED", errorCode: "30003" });
    const [event] = (await timeline(id)).filter((e) => e.type === "status");
    expect(event).toMatchObject({ status: "UNDELIVERED", detail: { applied: true, previous: "FAILED", lifted: "outcome_unknown" } });
  });

  it("takes a failed report with the provider's reason, after which the failure is final like any other", async () => {
    const { id, account, sid } = await unknownOutcome();
    const pmid = `SM${"1".repeat(32)}`;
    await callback(account.id, sid, id, { MessageSid: pmid, MessageStatus: "failed", ErrorCode: "30008" });
    expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: "30008", sentAt: null, providerMessageId: pmid });
    await callback(account.id, sid, id, { MessageSid: pmid, MessageStatus: "delivered" });
    expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: "30008" });
    const events = (await timeline(id)).filter((e) => e.type === "status");
    expect(events.map((e) => [e.status, (e.detail as { lifted?: string }).lifted ?? null, (e.detail as { applied: boolean }).applied])).toEqual([
      ["FAILED", "outcome_unknown", true],
      ["DELIVERED", null, false],
    ]);
  });

  it("leaves a message FAILED for any other reason as it is", async () => {
    const { id, account, sid } = await unknownOutcome({ errorCode: "timeout" });
    await callback(account.id, sid, id, { MessageSid: `SM${"3".repeat(32)}`, MessageStatus: "delivered" });
    expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: "timeout", providerMessageId: null });
  });

  it("from another lab's account changes nothing", async () => {
    const { id } = await unknownOutcome();
    const other = await twilioLab();
    await callback(other.account.id, other.sid, id, { MessageSid: `SM${"2".repeat(32)}`, MessageStatus: "delivered" });
    expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: "outcome_unknown", providerMessageId: null });
  });
});
