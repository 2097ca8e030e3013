// Unifonic through Herald's pipeline, and its unsigned DLRs on the token-addressed webhook path: the
// token is the only thing that authenticates a callback, so every way of getting it wrong is a 404
// that changes nothing, and a rotation retires the old token at once.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createLogger } from "@/server/logger";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { getBusinessAccount } from "@/server/services/business-accounts/get-business-account";
import { handleProviderWebhook } from "@/server/services/webhooks/handle-provider-webhook";
import { callerFor, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { dispatch, insertMessages, phone, timeline } from "./delivery-helpers";

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

async function unifonicLab() {
  const { organization, labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const appSid = `uni${uniq()}${uniq()}`;
  const account = await createBusinessAccount({
    db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "unifonic", name: "Unifonic", config: { appSid, senderId: "HERALDLAB" },
  });
  return { lab: { ...lab, organizationId: organization.id }, account, appSid, webhookUrl: account.webhookUrl! };
}

const postDlr = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

describe("Unifonic through Herald's pipeline", () => {
  it("sends with the token URL as statusCallback and learns delivery, units and cost from the DLR", async () => {
    const { lab, account, webhookUrl } = await unifonicLab();
    expect(webhookUrl).toMatch(new RegExp(`/api/webhooks/unifonic/${account.id}/[A-Za-z0-9_-]{43}$`));
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);

    await dispatch([id!]);
    const delivered = await eventually(() => message(id!), (m) => m.status === "DELIVERED");

    expect(delivered).toMatchObject({ providerMessageId: expect.stringMatching(/^\d{13}$/), segments: 1, currency: "SAR" });
    expect(Number(delivered.cost)).toBe(0.05);
    const sent = harness.sim.ledger.query({ provider: "unifonic", operation: "send" }).find((e) => e.heraldMessageId === id)!;
    expect(new URLSearchParams(sent.rawBody).get("statusCallback")).toBe(webhookUrl);
    const statuses = (await timeline(id!)).filter((e) => e.type === "status");
    expect(statuses.map((e) => [e.status, e.source])).toEqual([["DELIVERED", "webhook"]]);
  });

  it("shows the webhook URL only when the account is created: reads give the token's state, never the token", async () => {
    const { lab, account } = await unifonicLab();
    expect(account).toMatchObject({ webhookAuth: "path-token", webhookToken: { set: true, rotatedAt: expect.any(Date) } });
    const read = await getBusinessAccount({ db: db(), labId: lab.id, accountId: account.id });
    expect(read).toMatchObject({ webhookAuth: "path-token", webhookUrl: null, webhookToken: { set: true } });
    expect(JSON.stringify(read)).not.toContain(account.webhookUrl!.split("/").at(-1));
    const stored = await db().businessAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(stored.webhookTokenEnc).not.toContain(account.webhookUrl!.split("/").at(-1));
  });
});

describe("token-addressed DLRs", () => {
  it("refuses a missing, wrong, truncated or other account's token with 404 and changes nothing", async () => {
    const { lab, account, webhookUrl } = await unifonicLab();
    const other = await unifonicLab();
    const [id] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await dispatch([id!]);
    const { providerMessageId } = await message(id!);
    const dlr = { MessageID: providerMessageId!, DLR: "Undeliverable", Recipient: "966501232222" };
    const base = harness.webhookUrl("unifonic", account.id);
    const token = webhookUrl.split("/").at(-1)!;

    for (const url of [base, `${base}/${"A".repeat(43)}`, `${base}/${token.slice(0, 42)}`, `${base}/${other.webhookUrl.split("/").at(-1)}`, `${other.webhookUrl.replace(other.account.id, account.id)}x`]) {
      expect((await postDlr(url, dlr)).status, url.replace(token, "<token>")).toBe(404);
    }
    // The right token on another account's path is no key either.
    expect((await postDlr(other.webhookUrl.replace(other.account.id, account.id), dlr)).status).toBe(404);
    expect(await message(id!)).toMatchObject({ status: "SENT" });
    expect(await db().webhookReceipt.count({ where: { businessAccountId: account.id } })).toBe(0);

    const accepted = await postDlr(webhookUrl, dlr);
    expect(accepted.status).toBe(200);
    expect(await message(id!)).toMatchObject({ status: "UNDELIVERED", errorCode: "Undeliverable" });
  });

  it("an invalid number refused at once (ER-03) and a DLR naming ER-03 are one code, Unifonic's kept in the timeline", async () => {
    const { lab, webhookUrl } = await unifonicLab();
    // 0000 is refused by the send with ER-03; 2222 is accepted and left SENT, for the DLR below.
    const [refused, reported] = await insertMessages(lab.id, [{ to: phone("0000") }, { to: phone("2222") }]);
    await dispatch([refused!, reported!]);
    const { providerMessageId } = await message(reported!);

    expect((await postDlr(webhookUrl, { MessageID: providerMessageId!, DLR: "Rejected", ErrorCode: "ER-03", Recipient: "966501232222" })).status).toBe(200);

    expect(await message(refused!)).toMatchObject({ status: "FAILED", errorCode: "invalid_address" });
    expect(await message(reported!)).toMatchObject({ status: "FAILED", errorCode: "invalid_address", errorMessage: "Unifonic DLR: Rejected" });
    const [refusal] = (await timeline(refused!)).filter((e) => e.type === "failed");
    expect(refusal).toMatchObject({ detail: { code: "invalid_address", providerCode: "ER-03" } });
    const [report] = (await timeline(reported!)).filter((e) => e.type === "status" && e.status === "FAILED");
    expect(report).toMatchObject({ source: "webhook", detail: { errorCode: "invalid_address", providerCode: "ER-03" } });
  });

  it("applies a repeated DLR once, and a late 'Sent' never moves a delivered message back", async () => {
    const { lab, webhookUrl } = await unifonicLab();
    const [id] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await dispatch([id!]);
    const { providerMessageId } = await message(id!);
    const delivered = { MessageID: providerMessageId!, DLR: "Delivered", Recipient: "966501232222" };

    for (let i = 0; i < 3; i += 1) expect((await postDlr(webhookUrl, delivered)).status).toBe(200);
    expect((await postDlr(webhookUrl, { ...delivered, DLR: "Sent" })).status).toBe(200);

    expect((await message(id!)).status).toBe("DELIVERED");
    const statuses = (await timeline(id!)).filter((e) => e.type === "status");
    expect(statuses.filter((e) => e.status === "DELIVERED")).toHaveLength(1);
    expect(statuses.find((e) => e.status === "SENT")?.detail ?? { applied: false }).toMatchObject({ applied: false });
  });

  it("applies DLRs the simulator repeats and reorders, once each", async () => {
    const { lab, appSid } = await unifonicLab();
    harness.sim.faults.add([{ provider: "unifonic", account: appSid, callbacks: { duplicateRate: 1, outOfOrder: true, delayMs: { min: 5, max: 20 } } }]);
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);
    await dispatch([id!]);
    await eventually(() => message(id!), (m) => m.status === "DELIVERED");
    await harness.sim.callbacks.idle();
    expect(harness.sim.callbacks.deliveries.filter((d) => d.heraldMessageId === id && d.status === 200)).toHaveLength(2);
    expect((await timeline(id!)).filter((e) => e.type === "status" && e.status === "DELIVERED")).toHaveLength(1);
  });

  it("a rotation retires the old token at once, is audited without the token, and is for lab admins only", async () => {
    const { lab, account, webhookUrl } = await unifonicLab();
    const admin = await makeUser({ labId: lab.id, role: "LAB_ADMIN" });
    const staff = await makeUser({ labId: lab.id, role: "LAB_STAFF" });
    const [id] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await dispatch([id!]);
    const { providerMessageId } = await message(id!);
    // Cached in this process before the rotation: the check must still see the new token at once.
    expect((await postDlr(webhookUrl, { MessageID: providerMessageId!, DLR: "Sent" })).status).toBe(200);

    await expectTRPCError(callerFor(staff.principal).businessAccounts.rotateWebhookToken({ labId: lab.id, id: account.id }), "FORBIDDEN");
    const rotated = await callerFor(admin.principal).businessAccounts.rotateWebhookToken({ labId: lab.id, id: account.id });
    expect(rotated.webhookUrl).toMatch(/\/[A-Za-z0-9_-]{43}$/);
    expect(rotated.webhookUrl).not.toBe(webhookUrl);

    expect((await postDlr(webhookUrl, { MessageID: providerMessageId!, DLR: "Delivered" })).status).toBe(404);
    expect((await message(id!)).status).toBe("SENT");
    expect((await postDlr(rotated.webhookUrl!, { MessageID: providerMessageId!, DLR: "Delivered" })).status).toBe(200);
    expect((await message(id!)).status).toBe("DELIVERED");

    const audit = await db().auditLog.findMany({ where: { targetId: account.id, action: "businessAccount.rotateWebhookToken" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(rotated.webhookUrl!.split("/").at(-1));
    // Later sends name the new URL.
    const [next] = await insertMessages(lab.id, [{ to: phone() }]);
    await dispatch([next!]);
    const sent = harness.sim.ledger.query({ provider: "unifonic", operation: "send" }).find((e) => e.heraldMessageId === next)!;
    expect(new URLSearchParams(sent.rawBody).get("statusCallback")).toBe(rotated.webhookUrl);
  });

  it("signed providers have no token to rotate, and their URL with a token path is a 404", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const admin = await makeUser({ labId: labs[0]!.id, role: "LAB_ADMIN" });
    const twilio = await createBusinessAccount({
      db: db(), principal: null, labId: labs[0]!.id, channel: "SMS", provider: "twilio", name: "Twilio",
      config: { accountSid: `AC${"ab".repeat(16)}`, authToken: "0123456789abcdef0123456789abcdef", from: "+14155550100" },
    });
    expect(twilio).toMatchObject({ webhookAuth: "signature", webhookToken: null, webhookUrl: harness.webhookUrl("twilio", twilio.id) });
    await expectTRPCError(callerFor(admin.principal).businessAccounts.rotateWebhookToken({ labId: labs[0]!.id, id: twilio.id }), "BAD_REQUEST", /signs its callbacks/);
    expect((await postDlr(`${harness.webhookUrl("twilio", twilio.id)}/${"A".repeat(43)}`, { MessageSid: "SM1" })).status).toBe(404);
  });

  it("logs a refused call without the token or the AppSid", async () => {
    const { account, appSid, webhookUrl } = await unifonicLab();
    const lines: string[] = [];
    const logger = createLogger(new Writable({ write: (chunk: Buffer, _e, done) => { lines.push(chunk.toString("utf8")); done(); } }));
    const token = webhookUrl.split("/").at(-1)!;
    const wrong = `${token.slice(0, 40)}abc`;
    const answer = await handleProviderWebhook({
      db: db(), logger, provider: "unifonic", accountId: account.id, token: wrong,
      request: { url: webhookUrl.replace(token, wrong), method: "POST", headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }), rawBody: "MessageID=1&DLR=Delivered" },
    });
    expect(answer.status).toBe(404);
    expect(lines.join("")).toContain("webhook refused");
    for (const secret of [token, wrong, appSid]) expect(lines.join("")).not.toContain(secret);
  });
});
