// Meta's WhatsApp Cloud API through Herald: templates and session text against the simulator, the
// signed status and inbound webhook, the GET hub.challenge handshake, and STOP/START replies.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { metaWhatsAppAdapter as adapter } from "@/server/providers/meta/meta.provider";
import type { TMetaConfig } from "@/server/providers/meta/meta-config";
import { ProviderError } from "@/server/providers/provider-error";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { adapterContext } from "../helpers/adapter-context";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { dispatch, insertMessages, phone, timeline } from "./delivery-helpers";
import { createHmac } from "node:crypto";

const ACCESS_TOKEN = "EAAGm0PX4ZCpsBAKZAZBtestTokenForHerald123";
const APP_SECRET = "0123456789abcdef0123456789abcdef";
const VERIFY_TOKEN = "herald-verify-token-0001";
const ajv = new Ajv({ allErrors: true, strict: false });
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(`tests/fixtures/specs/meta/${name}.schema.json`, "utf8")) as object);
const validate = { send: schema("send-message"), webhook: schema("webhook-status") };
const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());
afterEach(() => {
  harness.sim.faults.clear();
  for (const entry of harness.sim.ledger.query({ provider: "meta", operation: "send" })) {
    expect(validate.send(JSON.parse(entry.rawBody)), JSON.stringify(validate.send.errors)).toBe(true);
  }
});

async function metaLab() {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const phoneNumberId = `10${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const config = { phoneNumberId, accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
  const account = await createBusinessAccount({ db: db(), principal: null, labId: lab.id, channel: "WHATSAPP", provider: "meta", name: "WhatsApp", config });
  const webhookUrl = harness.webhookUrl("meta", account.id);
  harness.sim.accounts.register({ provider: "meta", id: phoneNumberId, secret: ACCESS_TOKEN, webhookUrl, webhookSecret: APP_SECRET });
  return { lab, account, phoneNumberId, webhookUrl, config: adapter.configSchema.parse(config) };
}

const context = () => adapterContext({ baseUrl: `${harness.sim.origin}/meta` });
const outgoing = (to: string, content: { body?: string | null; template?: { name: string; language: string | null; parameters: string[] } }) => ({
  messageId: `msg_${uniq()}`, to, triggerKey: "REPORT_READY", body: content.body ?? null,
  template: content.template ? { ...content.template, contentSid: null } : null,
});
async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}
const sign = (body: string) => `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`;
const post = (url: string, body: string, signature?: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(signature && { "x-hub-signature-256": signature }) }, body });
const statusPayload = (id: string, status: string, extra: object = {}) =>
  JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550783881", phone_number_id: "1" }, statuses: [{ id, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: "966501234567", ...extra }] } }] }] });

/** A session message Meta accepted whose own callbacks are dropped, so a test's webhook is the only report. */
async function sentWithoutCallbacks(labId: string, phoneNumberId: string) {
  const patient = phone();
  await harness.sim.providers.get("meta")!.inbound!({ account: phoneNumberId, from: patient, to: "+15550783881", body: "Hi" }, harness.sim);
  await harness.sim.callbacks.idle();
  harness.sim.faults.add([{ provider: "meta", account: phoneNumberId, callbacks: { dropRate: 1 } }]);
  const [id] = await insertMessages(labId, [{ channel: "WHATSAPP", to: patient, body: "Report ready" }]);
  await dispatch([id!]);
  return { id: id!, providerMessageId: (await message(id!)).providerMessageId! };
}

describe("Meta WhatsApp: sending", () => {
  it("sends a template with its language and ordered body parameters, Herald's id as callback data", async () => {
    const { config, phoneNumberId } = await metaLab();
    const m = outgoing("+966501234567", { body: "Your report R-1 is ready, Sara.", template: { name: "report_ready", language: "ar", parameters: ["Sara", "R-1"] } });
    const accepted = await adapter.send(m, config, context());
    expect(accepted).toEqual({ providerMessageId: expect.stringMatching(/^wamid\./), status: "SENT" });
    const entry = harness.sim.ledger.query({ provider: "meta", operation: "send" }).at(-1)!;
    expect(entry.path).toBe(`/v23.0/${phoneNumberId}/messages`);
    expect(JSON.parse(entry.rawBody)).toEqual({
      messaging_product: "whatsapp", recipient_type: "individual", to: "+966501234567", biz_opaque_callback_data: m.messageId, type: "template",
      template: { name: "report_ready", language: { code: "ar" }, components: [{ type: "body", parameters: [{ type: "text", text: "Sara" }, { type: "text", text: "R-1" }] }] },
    });
    // A template without a language takes the account's default.
    await adapter.send(outgoing("+966501234568", { template: { name: "hello", language: null, parameters: [] } }), config, context());
    expect(JSON.parse(harness.sim.ledger.query({ provider: "meta", operation: "send" }).at(-1)!.rawBody).template).toEqual({ name: "hello", language: { code: "en" } });
  });

  it("classifies every refusal, and no credential reaches an error", async () => {
    const { config } = await metaLab();
    const m = () => outgoing("+966501234569", { template: { name: "report_ready", language: "en", parameters: [] } });
    const cases: [() => Promise<unknown>, object][] = [];
    cases.push([() => adapter.send(m(), { ...config, accessToken: "EAAwrongTokenValue1234567890" }, context()), { kind: "permanent", scope: "account", code: "bad_credentials", providerCode: "190" }]);
    cases.push([() => adapter.send(outgoing("+966501234570", { template: { name: "missing_template", language: "en", parameters: [] } }), config, context()), { kind: "permanent", scope: "account", code: "template_not_found", providerCode: "132001" }]);
    cases.push([() => adapter.send(outgoing("+966501234571", {}), config, context()), { kind: "permanent", scope: "recipient", code: "template_required" }]);
    for (const [call, expected] of cases) {
      const error = await failure(call());
      expect(error.toClassified()).toMatchObject(expected);
      expect(JSON.stringify(error.toClassified())).not.toMatch(/EAA\w{10,}|0123456789abcdef0123456789abcdef|herald-verify-token/);
    }
    harness.sim.faults.add([{ provider: "meta", operation: "send", times: 1, rateLimit: { rate: 1, retryAfterSeconds: 1 } }]);
    expect((await failure(adapter.send(m(), config, context()))).toClassified()).toMatchObject({ kind: "retryable", code: "rate_limited", providerCode: "130429" });
    harness.sim.faults.add([{ provider: "meta", operation: "send", times: 1, down: true }]);
    expect((await failure(adapter.send(m(), config, context()))).toClassified()).toMatchObject({ kind: "retryable", code: "provider_unavailable" });
    harness.sim.faults.add([{ provider: "meta", operation: "send", times: 1, timeoutRate: 1 }]);
    expect((await failure(adapter.send(m(), config, adapterContext({ baseUrl: `${harness.sim.origin}/meta`, signal: AbortSignal.timeout(200) })))).toClassified()).toMatchObject({ kind: "retryable", code: "timeout" });
  });

  it("keeps its credentials write-only", async () => {
    const { account } = await metaLab();
    expect(account.config).toEqual({ phoneNumberId: account.config!.phoneNumberId, accessToken: { set: true }, appSecret: { set: true }, verifyToken: { set: true } });
    expect(JSON.stringify(account)).not.toMatch(/EAAGm0|0123456789abcdef0123456789abcdef|herald-verify-token/);
  });
});

describe("Meta WhatsApp: the 24-hour window and the signed webhook", () => {
  it("free text outside the session fails with 131047, stored as template_required as a refused send is; after the patient writes, it is delivered and read", async () => {
    const { lab, phoneNumberId } = await metaLab();
    const patient = phone();
    const [outside] = await insertMessages(lab.id, [{ channel: "WHATSAPP", to: patient, body: "Your report is ready." }]);
    await dispatch([outside!]);
    expect(await eventually(() => message(outside!), (m) => m.status === "FAILED")).toMatchObject({ errorCode: "template_required" });
    const [failed] = (await timeline(outside!)).filter((e) => e.type === "status" && e.status === "FAILED");
    expect(failed).toMatchObject({ source: "webhook", detail: { applied: true, errorCode: "template_required", providerCode: "131047" } });

    await harness.sim.providers.get("meta")!.inbound!({ account: phoneNumberId, from: patient, to: "+15550783881", body: "Hello" }, harness.sim);
    await harness.sim.callbacks.idle();
    const [inside] = await insertMessages(lab.id, [{ channel: "WHATSAPP", to: patient, body: "Your report is ready." }]);
    await dispatch([inside!]);
    expect(await eventually(() => message(inside!), (m) => m.status === "READ")).toMatchObject({ providerMessageId: expect.stringMatching(/^wamid\./) });
    const statuses = (await timeline(inside!)).filter((e) => e.type === "status" && e.source === "webhook");
    expect(statuses.map((e) => e.status)).toEqual(expect.arrayContaining(["DELIVERED", "READ"]));
  });

  it("refuses a missing, wrong or tampered X-Hub-Signature-256 with 401 and changes nothing", async () => {
    const { lab, phoneNumberId, webhookUrl } = await metaLab();
    const { id, providerMessageId } = await sentWithoutCallbacks(lab.id, phoneNumberId);
    const body = statusPayload(providerMessageId, "failed", { errors: [{ code: 131026, title: "Message undeliverable" }] });
    expect(validate.webhook(JSON.parse(body))).toBe(true);

    expect((await post(webhookUrl, body)).status).toBe(401);
    expect((await post(webhookUrl, body, `sha256=${"0".repeat(64)}`)).status).toBe(401);
    expect((await post(webhookUrl, body.replace("failed", "read"), sign(body))).status).toBe(401);
    expect((await message(id)).status).toBe("SENT");
    expect((await post(webhookUrl, body, sign(body))).status).toBe(200);
    expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: "undeliverable" });
  });

  it("a template refused at once (132001) and the same failure in a signed webhook are one code, WhatsApp's kept in the timeline", async () => {
    const { lab, config, phoneNumberId, webhookUrl } = await metaLab();
    const refusal = await failure(adapter.send(outgoing("+966501234572", { template: { name: "missing_template", language: "en", parameters: [] } }), config, context()));
    expect(refusal.toClassified()).toMatchObject({ code: "template_not_found", providerCode: "132001" });

    const { id, providerMessageId } = await sentWithoutCallbacks(lab.id, phoneNumberId);
    const body = statusPayload(providerMessageId, "failed", { errors: [{ code: 132001, title: "Template name does not exist in the translation" }] });
    expect((await post(webhookUrl, body, sign(body))).status).toBe(200);

    expect(await message(id)).toMatchObject({ status: "FAILED", errorCode: refusal.code, errorMessage: "Template name does not exist in the translation" });
    const [report] = (await timeline(id!)).filter((e) => e.type === "status" && e.status === "FAILED");
    expect(report).toMatchObject({ source: "webhook", detail: { errorCode: "template_not_found", providerCode: "132001" } });
  });

  it("applies repeated and reordered statuses once each, never moving a message back", async () => {
    const { lab, phoneNumberId } = await metaLab();
    const patient = phone();
    await harness.sim.providers.get("meta")!.inbound!({ account: phoneNumberId, from: patient, to: "+15550783881", body: "Hi" }, harness.sim);
    await harness.sim.callbacks.idle();
    harness.sim.faults.add([{ provider: "meta", account: phoneNumberId, callbacks: { duplicateRate: 1, outOfOrder: true, delayMs: { min: 5, max: 20 } } }]);
    const [id] = await insertMessages(lab.id, [{ channel: "WHATSAPP", to: patient, body: "Report ready" }]);
    await dispatch([id!]);
    await eventually(() => message(id!), (m) => m.status === "READ");
    await harness.sim.callbacks.idle();
    expect((await message(id!)).status).toBe("READ");
    const applied = (await timeline(id!)).filter((e) => e.type === "status" && e.source === "webhook");
    for (const status of ["DELIVERED", "READ"]) expect(applied.filter((e) => e.status === status)).toHaveLength(1);
  });
});

describe("Meta WhatsApp: the hub.challenge handshake and replies", () => {
  it("echoes the challenge for the account's verify token only", async () => {
    const { account, webhookUrl } = await metaLab();
    const verify = (params: Record<string, string>, url = webhookUrl) => fetch(`${url}?${new URLSearchParams(params).toString()}`);
    const ok = await verify({ "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444" });
    expect([ok.status, await ok.text()]).toEqual([200, "1158201444"]);
    expect((await verify({ "hub.mode": "subscribe", "hub.verify_token": "herald-verify-token-0002", "hub.challenge": "1" })).status).toBe(403);
    expect((await verify({ "hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1" })).status).toBe(403);
    expect((await verify({ "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1" }, harness.webhookUrl("meta", "no-such-account"))).status).toBe(404);
    expect((await verify({ "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1" }, harness.webhookUrl("twilio", account.id))).status).toBe(404);
  });

  it("a STOP reply withdraws WhatsApp consent and suppresses the number; START restores both", async () => {
    const { lab, phoneNumberId } = await metaLab();
    const patient = phone();
    const contact = await db().contact.create({ data: { labId: lab.id, externalId: `p-${uniq()}`, whatsapp: patient } });
    const reply = async (body: string) => {
      await harness.sim.providers.get("meta")!.inbound!({ account: phoneNumberId, from: patient, to: "+15550783881", body }, harness.sim);
      await harness.sim.callbacks.idle();
    };
    const consent = () => db().contactConsent.findUnique({ where: { contactId_channel: { contactId: contact.id, channel: "WHATSAPP" } } });
    const suppressed = () => db().suppression.findMany({ where: { labId: lab.id, channel: "WHATSAPP", address: patient } });

    await reply("STOP");
    expect(await consent()).toMatchObject({ status: "WITHDRAWN", source: "inbound_keyword" });
    expect(await suppressed()).toMatchObject([{ reason: "stop_keyword" }]);
    await reply("START");
    expect(await consent()).toMatchObject({ status: "GRANTED", source: "inbound_keyword" });
    expect(await suppressed()).toEqual([]);
  });
});
