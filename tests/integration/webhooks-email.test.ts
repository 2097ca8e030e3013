import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { Webhook } from "svix";
import { claimMessages } from "@/server/services/delivery/claim-messages";
import { dispatch, email, insertMessages, timeline, withProviderTimeout } from "./delivery-helpers";

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

/** A lab whose email goes through Resend, with the webhook the lab would create in Resend's dashboard. */
async function resendLab() {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const apiKey = `re_${uniq()}`;
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const account = await createBusinessAccount({
    db: db(), principal: null, labId: lab.id, channel: "EMAIL", provider: "resend", name: "Resend",
    config: { apiKey, from: "Lab <results@lab.example>", webhookSecret },
  });
  harness.sim.accounts.register({ provider: "resend", id: apiKey, webhookUrl: harness.webhookUrl("resend", account.id), webhookSecret });
  return { lab, account, apiKey, webhookSecret };
}

/** A lab whose email goes through SendGrid, with the simulator's event-webhook key pasted into the account. */
async function sendgridLab() {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const apiKey = `SG.${uniq()}.${uniq()}`;
  const settings = await fetch(`${harness.sim.urlFor("sendgrid")}/v3/user/webhooks/event/settings/signed`, { headers: { authorization: `Bearer ${apiKey}` } });
  const { public_key: webhookPublicKey } = (await settings.json()) as { public_key: string };
  const account = await createBusinessAccount({
    db: db(), principal: null, labId: lab.id, channel: "EMAIL", provider: "sendgrid", name: "SendGrid",
    config: { apiKey, from: "results@lab.example", webhookPublicKey },
  });
  harness.sim.accounts.register({ provider: "sendgrid", id: apiKey, webhookUrl: harness.webhookUrl("sendgrid", account.id) });
  return { lab, account };
}

describe("email providers through Herald's pipeline and webhooks", () => {
  it("Resend: delivered through Svix-signed events; a hard bounce suppresses the address and the next email to it is skipped", async () => {
    const { lab } = await resendLab();
    const bouncing = email("bounce");
    const [ok, bounced] = await insertMessages(lab.id, [{ channel: "EMAIL", to: email() }, { channel: "EMAIL", to: bouncing }]);

    await dispatch([ok!, bounced!]);
    await eventually(() => Promise.all([message(ok!), message(bounced!)]), ([a, b]) => a.status === "DELIVERED" && b.status === "UNDELIVERED");

    expect(harness.sim.ledger.query({ provider: "resend", operation: "send_batch" })).not.toHaveLength(0);
    expect((await timeline(ok!)).filter((e) => e.source === "webhook").map((e) => e.status)).toContain("DELIVERED");
    expect(await db().suppression.findMany({ where: { labId: lab.id } })).toMatchObject([{ channel: "EMAIL", address: bouncing.toLowerCase(), reason: "hard_bounce", source: "webhook:resend" }]);

    const [again] = await insertMessages(lab.id, [{ channel: "EMAIL", to: bouncing }]);
    await dispatch([again!]);
    expect(await message(again!)).toMatchObject({ status: "SKIPPED", skipReason: "suppressed" });
  });

  it("Resend: a dead worker's email is not sent again (its lost call may have been a batch, whose key covers only that batch), unless the account allows at-least-once", async () => {
    const { lab, account } = await resendLab();
    const [id] = await insertMessages(lab.id, [{ channel: "EMAIL", to: email() }]);
    await dispatch([id!]);
    // The first send's callbacks come and go first: one arriving later would adopt the email it names
    // (Resend's tags carry Herald's id) and tell its true status, whatever the worker wrote.
    await harness.sim.callbacks.idle();
    const first = await message(id!);
    // As if the worker had died after Resend accepted, before the outcome was written.
    const claimedAt = new Date(Date.now() - 10 * 60_000);
    await db().message.update({ where: { id: id! }, data: { status: "SENDING", providerMessageId: null, claimedBy: "dead-worker", claimedAt, callStartedAt: claimedAt, businessAccountId: account.id } });

    await dispatch([id!]);

    expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "outcome_unknown" });
    expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);

    // The lab prefers a rare duplicate to a loss: sent again, and Resend's Idempotency-Key (the message id) still dedupes a single send.
    await db().businessAccount.update({ where: { id: account.id }, data: { atLeastOnce: true } });
    await db().message.update({ where: { id: id! }, data: { status: "SENDING", errorCode: null, claimedBy: "dead-worker", claimedAt, callStartedAt: claimedAt } });
    await dispatch([id!]);
    expect(await message(id!)).toMatchObject({ providerMessageId: first.providerMessageId });
    expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);
  });

  // A batch's Idempotency-Key covers exactly its emails: a batch that got no answer is sent again at
  // once as the same request, which Resend dedupes; a later retry would be another batch under another
  // key, and a second email to each patient whose first went out.
  it("Resend: a batch without an answer is sent again at once as the same request, so each email goes out once", async () => {
    const { lab, apiKey } = await resendLab();
    harness.sim.faults.add([{ provider: "resend", account: apiKey, operation: "send_batch", latencyMs: { min: 700, max: 700 }, times: 1 }]);
    await withProviderTimeout(300, async () => {
      const ids = await insertMessages(lab.id, [{ channel: "EMAIL", to: email() }, { channel: "EMAIL", to: email() }]);
      expect(await dispatch(ids)).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      const batches = harness.sim.ledger.query({ provider: "resend", operation: "send_batch" }).filter((e) => ids.every((id) => e.rawBody.includes(id)));
      expect(batches.map((e) => e.rawBody)).toEqual([batches[0]!.rawBody, batches[0]!.rawBody]);
      for (const id of ids) expect(harness.sim.ledger.acceptedSends(id)).toBe(1);
    });
  });

  it("Resend: a batch that gets no answer twice is left as outcome_unknown, not sent in another batch", async () => {
    const { lab, apiKey } = await resendLab();
    harness.sim.faults.add([{ provider: "resend", account: apiKey, operation: "send_batch", timeoutRate: 1, times: 2 }]);
    await withProviderTimeout(300, async () => {
      const ids = await insertMessages(lab.id, [{ channel: "EMAIL", to: email() }, { channel: "EMAIL", to: email() }]);
      expect(await dispatch(ids)).toMatchObject({ failed: 2, retrying: 0 });
      await dispatch(ids, { now: new Date(Date.now() + 60 * 60_000) });

      for (const id of ids) {
        expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: "outcome_unknown" });
        expect((await timeline(id)).at(-1)?.detail).toMatchObject({ unanswered: "timeout" });
      }
      expect(harness.sim.ledger.query({ provider: "resend" }).filter((e) => e.rawBody.includes(ids[0]!))).toHaveLength(2);
    });
  });

  // Resend's events carry the send's tags: Herald's message_id names an email whose answer the worker has not written yet.
  it("Resend: an event that comes before the worker has written the send's answer adopts the email on its first call", async () => {
    const { lab, account, webhookSecret: secret } = await resendLab();
    const [id] = await insertMessages(lab.id, [{ channel: "EMAIL", to: email() }]);
    await claimMessages(db(), { messageIds: [id!], workerId: `worker-${uniq()}`, now: new Date(), staleClaimMs: 5 * 60_000 });
    const emailId = `4ef9a417-02e9-4d39-ad75-${uniq().slice(-12).padStart(12, "0")}`;
    for (const [index, type] of ["email.sent", "email.delivered"].entries()) {
      const svixId = `msg_${uniq()}`;
      const now = new Date();
      const body = JSON.stringify({ type, created_at: new Date(now.getTime() + index).toISOString(), data: { email_id: emailId, to: ["patient@example.com"], tags: { message_id: id, trigger: "REPORT_READY" } } });
      const response = await fetch(harness.webhookUrl("resend", account.id), {
        method: "POST",
        headers: { "content-type": "application/json", "svix-id": svixId, "svix-timestamp": String(Math.floor(now.getTime() / 1000)), "svix-signature": new Webhook(secret).sign(svixId, now, body) },
        body,
      });
      expect(response.status).toBe(200);
    }
    expect(await message(id!)).toMatchObject({ status: "DELIVERED", providerMessageId: emailId, businessAccountId: account.id, claimedBy: null });
    expect((await timeline(id!)).find((e) => e.type === "accepted")).toMatchObject({ source: "webhook", detail: { late: true } });
  });

  it("SendGrid: ECDSA-signed events deliver; a spam report suppresses the address", async () => {
    const { lab } = await sendgridLab();
    const complaining = email("complaint");
    const [id] = await insertMessages(lab.id, [{ channel: "EMAIL", to: complaining }]);

    await dispatch([id!]);
    await eventually(() => db().suppression.findMany({ where: { labId: lab.id } }), (rows) => rows.length > 0);

    expect((await message(id!)).status).toBe("DELIVERED");
    expect(await db().suppression.findMany({ where: { labId: lab.id } })).toMatchObject([{ address: complaining.toLowerCase(), reason: "complaint", source: "webhook:sendgrid" }]);
  });

  it("refuses an unsigned Resend call and a SendGrid call signed with another key", async () => {
    const { account: resend } = await resendLab();
    const { account: sendgrid } = await sendgridLab();
    const body = JSON.stringify({ type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: "x" } });
    expect((await fetch(harness.webhookUrl("resend", resend.id), { method: "POST", body })).status).toBe(401);
    const forged = await fetch(harness.webhookUrl("sendgrid", sendgrid.id), {
      method: "POST",
      headers: { "x-twilio-email-event-webhook-signature": Buffer.from("not a signature").toString("base64"), "x-twilio-email-event-webhook-timestamp": String(Math.floor(Date.now() / 1000)) },
      body: "[]",
    });
    expect(forged.status).toBe(401);
  });
});
