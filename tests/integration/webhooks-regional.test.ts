// Bevatel and Pinnacle through Herald's pipeline: dispatch to the simulator, their unsigned callbacks
// to the account's token-addressed webhook URL, a wrong token refused, repeats and reorderings, STOP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { dispatch, insertMessages, phone, timeline } from "./delivery-helpers";
import { whatsAppTemplateMessages } from "./regional-helpers";
import { useOwnDatabase } from "./jobs-helpers";

// Failover reaches the platform's default accounts: other files' would change where a message goes.
useOwnDatabase("herald_regional");

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });
const webhookStatuses = async (id: string) => (await timeline(id)).filter((e) => e.type === "status" && e.source === "webhook").map((e) => e.status);

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

async function bevatelLab() {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const apiAccountId = `acct${uniq()}`.slice(0, 40);
  const account = await createBusinessAccount({
    db: db(), principal: null, labId: lab.id, channel: "WHATSAPP", provider: "bevatel", name: "Bevatel",
    config: { apiAccountId, apiAccessToken: `bvt_${uniq()}_${uniq()}`, inboxId: 3 },
  });
  expect(account.webhookUrl).toMatch(new RegExp(`/api/webhooks/bevatel/${account.id}/[A-Za-z0-9_-]{43}$`));
  harness.sim.accounts.register({ provider: "bevatel", id: apiAccountId, webhookUrl: account.webhookUrl! });
  return { lab, account, apiAccountId };
}

async function pinnacleSmsLab() {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const apiKey = `pin_${uniq()}_${uniq()}`;
  const account = await createBusinessAccount({
    db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "pinnacle", name: "Pinnacle SMS",
    config: { apiKey, sender: "HRLDLB", dltTemplateIds: { REPORT_READY: "1107161234567890123" } },
  });
  harness.sim.accounts.register({ provider: "pinnacle", id: apiKey, webhookUrl: account.webhookUrl! });
  return { lab, account, apiKey };
}

async function pinnacleWhatsAppLab() {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const apiKey = `pin_${uniq()}_${uniq()}`;
  const account = await createBusinessAccount({ db: db(), principal: null, labId: lab.id, channel: "WHATSAPP", provider: "pinnacle", name: "Pinnacle WhatsApp", config: { apiKey, from: "919876543210" } });
  harness.sim.accounts.register({ provider: "pinnacle", id: apiKey, webhookUrl: account.webhookUrl! });
  return { lab, account, apiKey };
}

describe("Bevatel through Herald's pipeline and token-addressed webhook", () => {
  it("sends the bound template and learns delivered and read", async () => {
    const { lab } = await bevatelLab();
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    // The first call of the file also loads the route and the adapter: a busy machine takes a while.
    const read = await eventually(() => message(id!), (m) => m.status === "READ", 30_000);
    expect(read.providerMessageId).toMatch(/^\d+$/);
    expect(harness.sim.ledger.acceptedSends(id!)).toBe(1);
  });

  it("answers 404 to a wrong, missing or another account's token and changes nothing; the right token applies", async () => {
    const { lab, account, apiAccountId } = await bevatelLab();
    const other = await bevatelLab();
    const [drop] = harness.sim.faults.add([{ provider: "bevatel", account: apiAccountId, callbacks: { dropRate: 1 } }]);
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    harness.sim.faults.remove(drop!);
    const { providerMessageId } = await message(id!);
    const body = JSON.stringify({ event: "message_updated", id: Number(providerMessageId), message_type: "outgoing", status: "failed" });
    const post = (url: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    const base = harness.webhookUrl("bevatel", account.id);
    const otherToken = other.account.webhookUrl!.split("/").pop()!;

    expect((await post(base)).status).toBe(404);
    expect((await post(`${base}/${"A".repeat(43)}`)).status).toBe(404);
    expect((await post(`${base}/${otherToken}`)).status).toBe(404);
    expect((await message(id!)).status).toBe("SENT");

    expect((await post(account.webhookUrl!)).status).toBe(200);
    expect((await message(id!)).status).toBe("FAILED");
  });

  it("applies a repeated callback once; out of order, a late delivered never moves a read message back", async () => {
    const { lab, apiAccountId } = await bevatelLab();
    const [rule] = harness.sim.faults.add([{ provider: "bevatel", account: apiAccountId, callbacks: { duplicateRate: 1, outOfOrder: true, delayMs: { min: 5, max: 20 } } }]);
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    await eventually(() => webhookStatuses(id!), (s) => s.length >= 2, 30_000);
    await harness.sim.callbacks.idle();
    harness.sim.faults.remove(rule!);
    expect((await message(id!)).status).toBe("READ");
    expect((await webhookStatuses(id!)).sort()).toEqual(["DELIVERED", "READ"]);
  });

  it("a STOP reply suppresses the number for WhatsApp", async () => {
    const { lab, apiAccountId } = await bevatelLab();
    const patient = phone();
    await harness.sim.providers.get("bevatel")!.inbound!({ account: apiAccountId, from: patient, to: "", body: "STOP" }, harness.sim);
    await harness.sim.callbacks.idle();
    expect(await db().suppression.findMany({ where: { labId: lab.id, channel: "WHATSAPP", address: patient } })).toMatchObject([{ reason: "stop_keyword" }]);
  });
});

describe("Pinnacle SMS through Herald's pipeline and token-addressed webhook", () => {
  it("sends with the trigger's DLT template id and learns delivery from its report", async () => {
    const { lab } = await pinnacleSmsLab();
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);
    await dispatch([id!]);
    await eventually(() => message(id!), (m) => m.status === "DELIVERED");
    expect(JSON.parse(harness.sim.ledger.query({ provider: "pinnacle", heraldMessageId: id! })[0]!.rawBody)).toMatchObject({ dlttempid: "1107161234567890123", sender: "HRLDLB" });
  });

  it("a number on India's DND registry fails and is suppressed; a trigger without a DLT template fails over as the account's", async () => {
    const { lab } = await pinnacleSmsLab();
    const dnd = phone("0001");
    const [refused, unmapped] = await insertMessages(lab.id, [{ to: dnd }, { to: phone(), triggerKey: "OTP" }]);
    await dispatch([refused!, unmapped!]);
    expect(await message(refused!)).toMatchObject({ status: "FAILED", errorCode: "unsubscribed" });
    expect(await db().suppression.findMany({ where: { labId: lab.id, channel: "SMS", address: dnd } })).toMatchObject([{ reason: "provider_unsubscribed" }]);
    expect(await message(unmapped!)).toMatchObject({ status: "FAILED", errorCode: "dlt_template_missing" });
  });

  it("an undelivered report keeps the operator's code; a repeat is applied once", async () => {
    const { lab, apiKey } = await pinnacleSmsLab();
    const [rule] = harness.sim.faults.add([{ provider: "pinnacle", account: apiKey, callbacks: { duplicateRate: 1 } }]);
    const [id] = await insertMessages(lab.id, [{ to: phone("4444") }]);
    await dispatch([id!]);
    await eventually(() => message(id!), (m) => m.status === "UNDELIVERED");
    await harness.sim.callbacks.idle();
    harness.sim.faults.remove(rule!);
    expect(await message(id!)).toMatchObject({ errorCode: "001" });
    expect(await webhookStatuses(id!)).toEqual(["UNDELIVERED"]);
  });
});

describe("Pinnacle WhatsApp through Herald's pipeline and token-addressed webhook", () => {
  it("applies repeated and reordered reports once each, never moving a read message back", async () => {
    const { lab, apiKey } = await pinnacleWhatsAppLab();
    const [rule] = harness.sim.faults.add([{ provider: "pinnacle", account: apiKey, callbacks: { duplicateRate: 1, outOfOrder: true, delayMs: { min: 5, max: 20 } } }]);
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    await eventually(() => webhookStatuses(id!), (s) => s.length >= 3, 30_000);
    await harness.sim.callbacks.idle();
    harness.sim.faults.remove(rule!);
    expect(JSON.parse(harness.sim.ledger.query({ provider: "pinnacle", operation: "send" }).find((e) => e.account === apiKey)!.rawBody)).toMatchObject({ type: "template", message: { templateid: "report_ready", placeholders: ["Sara", "R-1"] } });
    expect((await message(id!)).status).toBe("READ");
    expect((await webhookStatuses(id!)).sort()).toEqual(["DELIVERED", "READ", "SENT"]);
  });

  it("answers 404 to a missing, wrong or another account's token and changes nothing; the right token applies", async () => {
    const { lab, account, apiKey } = await pinnacleWhatsAppLab();
    const other = await pinnacleWhatsAppLab();
    const [drop] = harness.sim.faults.add([{ provider: "pinnacle", account: apiKey, callbacks: { dropRate: 1 } }]);
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    harness.sim.faults.remove(drop!);
    const { providerMessageId } = await message(id!);
    const post = (url: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ msgid: providerMessageId, status: "DELIVERED" }) });
    const base = harness.webhookUrl("pinnacle", account.id);

    for (const url of [base, `${base}/${"A".repeat(43)}`, `${base}/${other.account.webhookUrl!.split("/").pop()}`]) expect((await post(url)).status).toBe(404);
    expect((await message(id!)).status).toBe("SENT");

    expect((await post(account.webhookUrl!)).status).toBe(200);
    expect((await message(id!)).status).toBe("DELIVERED");
  });
  it("stores WhatsApp's 131047 in a failed report as template_required, as Meta's own webhook does, its code kept", async () => {
    const { lab, account, apiKey } = await pinnacleWhatsAppLab();
    const [drop] = harness.sim.faults.add([{ provider: "pinnacle", account: apiKey, callbacks: { dropRate: 1 } }]);
    const [id] = await whatsAppTemplateMessages(lab.id);
    await dispatch([id!]);
    harness.sim.faults.remove(drop!);
    const { providerMessageId } = await message(id!);
    const report = JSON.stringify({ msgid: providerMessageId, status: "FAILED", error_code: "131047" });

    expect((await fetch(account.webhookUrl!, { method: "POST", headers: { "content-type": "application/json" }, body: report })).status).toBe(200);

    expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "template_required" });
    const [failed] = (await timeline(id!)).filter((e) => e.type === "status" && e.status === "FAILED");
    expect(failed).toMatchObject({ source: "webhook", detail: { errorCode: "template_required", providerCode: "131047" } });
  });
});
