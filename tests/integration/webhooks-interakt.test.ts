// Interakt through Herald's pipeline: dispatch to the simulator, its signed webhooks to the route,
// replies, and secrets never shown.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { getBusinessAccount } from "@/server/services/business-accounts/get-business-account";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { dispatch, phone, timeline } from "./delivery-helpers";
import { whatsAppTemplateMessages } from "./regional-helpers";

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

async function interaktLab() {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const apiKey = Buffer.from(`interakt-${uniq()}`).toString("base64");
  const webhookSecret = `secret-${uniq()}`;
  const account = await createBusinessAccount({ db: db(), principal: null, labId: lab.id, channel: "WHATSAPP", provider: "interakt", name: "Interakt", config: { apiKey, webhookSecret } });
  harness.sim.accounts.register({ provider: "interakt", id: apiKey, webhookUrl: harness.webhookUrl("interakt", account.id), webhookSecret });
  return { lab, account, apiKey, webhookSecret };
}

function post(accountId: string, body: string, signature?: string) {
  return fetch(harness.webhookUrl("interakt", accountId), {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature && { "interakt-signature": signature }) },
    body,
  });
}

/** A template message Interakt accepted whose own webhooks are dropped, so a test's webhook is the only report. */
async function sentWithoutCallbacks(labId: string, apiKey: string) {
  const [drop] = harness.sim.faults.add([{ provider: "interakt", account: apiKey, callbacks: { dropRate: 1 } }]);
  const [id] = await whatsAppTemplateMessages(labId);
  await dispatch([id!]);
  harness.sim.faults.remove(drop!);
  return { id: id!, providerMessageId: (await message(id!)).providerMessageId! };
}

describe("Interakt through Herald's pipeline and webhook", () => {
  it("sends the bound template and learns sent, delivered and read from signed webhooks", async () => {
    const { lab } = await interaktLab();
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    // The first call of the file also loads the route and the adapter: a busy machine takes a while.
    const read = await eventually(() => message(id!), (m) => m.status === "READ", 30_000);
    expect(read.providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);
    expect(JSON.parse(harness.sim.ledger.query({ provider: "interakt", heraldMessageId: id! })[0]!.rawBody).template).toEqual({ name: "report_ready", languageCode: "en", bodyValues: ["Sara", "R-1"] });
    await harness.sim.callbacks.idle();
    const statuses = (await timeline(id!)).filter((e) => e.type === "status" && e.source === "webhook").map((e) => e.status);
    expect(statuses).toEqual(expect.arrayContaining(["DELIVERED", "READ"]));
  });

  it("refuses an unsigned, wrongly signed or tampered webhook with 401 and changes nothing", async () => {
    const { lab, account, apiKey, webhookSecret } = await interaktLab();
    const { id, providerMessageId } = await sentWithoutCallbacks(lab.id, apiKey);
    const body = JSON.stringify({ timestamp: new Date().toISOString(), type: "message_api_failed", data: { message: { id: providerMessageId, callback_data: id, channel_error_code: "131026" } } });
    const signature = (text: string, secret = webhookSecret) => `sha256=${createHmac("sha256", secret).update(text).digest("hex")}`;

    expect((await post(account.id, body)).status).toBe(401);
    expect((await post(account.id, body, signature(body, "not-the-secret"))).status).toBe(401);
    expect((await post(account.id, body.replace("failed", "read"), signature(body))).status).toBe(401);
    expect((await message(id!)).status).toBe("SENT");

    expect((await post(account.id, body, signature(body))).status).toBe(200);
    expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "undeliverable" });
  });

  it("stores WhatsApp's 131047, passed on by Interakt, as template_required, as Meta's refusals and webhooks do", async () => {
    const { lab, account, apiKey, webhookSecret } = await interaktLab();
    const { id, providerMessageId } = await sentWithoutCallbacks(lab.id, apiKey);
    const failure = { id: providerMessageId, callback_data: id, channel_error_code: 131047, channel_failure_reason: "Re-engagement message" };
    const body = JSON.stringify({ timestamp: new Date().toISOString(), type: "message_api_failed", data: { message: failure } });

    expect((await post(account.id, body, `sha256=${createHmac("sha256", webhookSecret).update(body).digest("hex")}`)).status).toBe(200);

    expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "template_required", errorMessage: "Re-engagement message" });
    const [report] = (await timeline(id!)).filter((e) => e.type === "status" && e.status === "FAILED");
    expect(report).toMatchObject({ source: "webhook", detail: { errorCode: "template_required", providerCode: "131047" } });
  });

  it("applies a repeated webhook once, and out-of-order webhooks never move a message back", async () => {
    const { lab, apiKey } = await interaktLab();
    const [rule] = harness.sim.faults.add([{ provider: "interakt", account: apiKey, callbacks: { duplicateRate: 1, outOfOrder: true, delayMs: { min: 5, max: 20 } } }]);
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    await eventually(async () => (await timeline(id!)).filter((e) => e.type === "status" && e.source === "webhook").length, (n) => n >= 3);
    await harness.sim.callbacks.idle();
    harness.sim.faults.remove(rule!);

    expect((await message(id!)).status).toBe("READ");
    const events = (await timeline(id!)).filter((e) => e.type === "status" && e.source === "webhook");
    expect(events.map((e) => e.status).sort()).toEqual(["DELIVERED", "READ", "SENT"]);
    expect(harness.sim.callbacks.deliveries.filter((d) => d.heraldMessageId === id).length).toBe(6);
  });

  it("a STOP reply withdraws WhatsApp consent and suppresses the number; START restores both", async () => {
    const { lab, apiKey } = await interaktLab();
    const patient = phone();
    const contact = await db().contact.create({ data: { labId: lab.id, externalId: `p-${uniq()}`, phone: patient } });
    const consent = () => db().contactConsent.findUnique({ where: { contactId_channel: { contactId: contact.id, channel: "WHATSAPP" } } });

    await harness.sim.providers.get("interakt")!.inbound!({ account: apiKey, from: patient, to: "", body: "STOP" }, harness.sim);
    await harness.sim.callbacks.idle();
    expect(await consent()).toMatchObject({ status: "WITHDRAWN", source: "inbound_keyword" });
    expect(await db().suppression.findMany({ where: { labId: lab.id, channel: "WHATSAPP", address: patient } })).toMatchObject([{ reason: "stop_keyword" }]);

    await harness.sim.providers.get("interakt")!.inbound!({ account: apiKey, from: patient, to: "", body: "START" }, harness.sim);
    await harness.sim.callbacks.idle();
    expect(await consent()).toMatchObject({ status: "GRANTED" });
  });

  it("an account shows neither its API key nor its webhook secret, and a refusal's timeline entry neither", async () => {
    const { lab, account, apiKey, webhookSecret } = await interaktLab();
    const view = await getBusinessAccount({ db: db(), labId: lab.id, accountId: account.id });
    expect(view.config).toMatchObject({ apiKey: { set: true }, webhookSecret: { set: true } });
    expect(JSON.stringify(view)).not.toContain(apiKey);
    expect(JSON.stringify(view)).not.toContain(webhookSecret);

    harness.sim.faults.add([{ provider: "interakt", account: apiKey, times: 1, errors: [{ rate: 1, status: 400, message: `echo ${apiKey}` }] }]);
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    const failed = await message(id!);
    expect(failed.status).toBe("FAILED");
    expect(JSON.stringify([failed, await timeline(id!)])).not.toContain(apiKey);
  });
});
