// Bevatel and Pinnacle against the simulator: request bodies, each error class, their unsigned
// callbacks (token-addressed) parsed into reports, and secrets kept out of every error.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type TSimulator } from "../../simulator/server";
import { adapterContext } from "../helpers/adapter-context";
import { startWebhookReceiver, type TWebhookReceiver } from "../helpers/webhook-receiver";
import { failureOf, templateMessage, textSms, webhookRequest } from "./whatsapp-messages";
import { ZBevatelConfig } from "@/server/providers/bevatel/bevatel-config";
import { bevatelWhatsAppAdapter as bevatel } from "@/server/providers/bevatel/bevatel.provider";
import { ZPinnacleSmsConfig, ZPinnacleWhatsAppConfig } from "@/server/providers/pinnacle/pinnacle-config";
import { pinnacleSmsAdapter as pinnacleSms, pinnacleWhatsAppAdapter as pinnacleWhatsApp } from "@/server/providers/pinnacle/pinnacle.provider";
import type { TWebhookEvent } from "@/server/providers/types";

let sim: TSimulator;
let receiver: TWebhookReceiver;
const TOKEN_URL = "/api/webhooks/x/acct/Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg";
beforeAll(async () => {
  sim = await startSimulator({ providers: ["bevatel", "pinnacle"] });
  receiver = await startWebhookReceiver(TOKEN_URL);
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const bevatelConfig = ZBevatelConfig.parse({ apiAccountId: "4021", apiAccessToken: "bvt_sim_access_token_0001", inboxId: 7 });
const smsConfig = ZPinnacleSmsConfig.parse({ apiKey: "pinnacle-sim-key-000001", sender: "HRLDLB", dltEntityId: "1101161234567890123", dltTemplateIds: { REPORT_READY: "1107161234567890123" } });
const waConfig = ZPinnacleWhatsAppConfig.parse({ apiKey: "pinnacle-sim-key-000002", from: "+919800000001" });

async function eventsOf(send: () => Promise<{ providerMessageId: string }>, count: number, parse: (body: string) => TWebhookEvent[]) {
  const before = receiver.calls.length;
  const { providerMessageId } = await send();
  await vi.waitFor(() => expect(receiver.calls.slice(before).filter((c) => c.body.includes(providerMessageId)).length).toBeGreaterThanOrEqual(count), { timeout: 5_000, interval: 25 });
  await sim.callbacks.idle();
  const calls = receiver.calls.slice(before).filter((c) => c.body.includes(providerMessageId));
  expect(calls.every((c) => c.path === TOKEN_URL)).toBe(true);
  return calls.flatMap((c) => parse(c.body)).map((e) => (e.kind === "status" ? `${e.report.status}${e.report.errorCode ? `:${e.report.errorCode}` : ""}` : e.kind)).sort();
}

describe("Bevatel", () => {
  beforeAll(() => sim.accounts.register({ provider: "bevatel", id: "4021", secret: "bvt_sim_access_token_0001", webhookUrl: receiver.url }));
  const context = () => adapterContext({ baseUrl: sim.urlFor("bevatel") });

  it("sends a template from the account's inbox with its parameters, and learns delivered and read from its webhook", async () => {
    const message = templateMessage("+966501234567", ["Sara", "R-1"], { template: { name: "report_ready", contentSid: null, language: null, parameters: ["Sara", "R-1"] } });
    const statuses = await eventsOf(() => bevatel.send(message, bevatelConfig, context()), 2, (body) => bevatel.parseWebhook!(webhookRequest(receiver.url, body), bevatelConfig));
    expect(statuses).toEqual(["DELIVERED", "READ"]);
    const [entry] = sim.ledger.query({ provider: "bevatel", heraldMessageId: message.messageId });
    expect(JSON.parse(entry!.rawBody)).toEqual({
      inbox_id: 7,
      contact: { phone_number: "+966501234567" },
      message: { template: { name: "report_ready", language: "ar", processed_params: { "1": "Sara", "2": "R-1" } } },
      additional_attributes: { herald_message_id: message.messageId },
    });
  });

  it("reports an undeliverable message as FAILED with the channel's reason, and a reply as inbound", async () => {
    expect(await eventsOf(() => bevatel.send(templateMessage("+966501234444"), bevatelConfig, context()), 1, (b) => bevatel.parseWebhook!(webhookRequest(receiver.url, b), bevatelConfig))).toEqual(["FAILED:failed"]);
    await sim.providers.get("bevatel")!.inbound!({ account: "4021", from: "+966501239876", to: "", body: "إيقاف" }, sim);
    await sim.callbacks.idle();
    const reply = receiver.calls.find((c) => c.body.includes("message_created"))!;
    expect(bevatel.parseWebhook!(webhookRequest(receiver.url, reply.body), bevatelConfig)).toEqual([{ kind: "inbound", eventKey: expect.stringMatching(/^inbound:/), from: "+966501239876", to: "", body: "إيقاف" }]);
  });

  it("classifies an invalid number, bad credentials, its 10/s limit and server errors; never shows the token", async () => {
    const classify = async (to: string, config = bevatelConfig) => bevatel.classifyError(await failureOf(bevatel.send(templateMessage(to), config, context())));
    expect(await classify("+966501230000")).toMatchObject({ kind: "permanent", scope: "recipient", code: "invalid_number" });
    const denied = await classify("+966501234567", { ...bevatelConfig, apiAccessToken: "bvt_wrong_access_token_01" });
    expect(denied).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials" });
    sim.faults.add([{ provider: "bevatel", account: "4021", times: 1, errors: [{ rate: 1, status: 429, message: "rate limit" }] }]);
    expect(await classify("+966501234567")).toMatchObject({ kind: "retryable", code: "rate_limited", retryAfterMs: 1_000 });
    sim.faults.add([{ provider: "bevatel", account: "4021", times: 1, errors: [{ rate: 1, status: 503, message: `down ${bevatelConfig.apiAccessToken}` }] }]);
    const down = await classify("+966501234567");
    expect(down).toMatchObject({ kind: "retryable", code: "provider_unavailable" });
    expect(down.message).not.toContain(bevatelConfig.apiAccessToken);
    sim.faults.add([{ provider: "bevatel", account: "4021", times: 1, errors: [{ rate: 1, status: 422, message: "Template report_ready not found for this inbox" }] }]);
    expect(await classify("+966501234567")).toMatchObject({ kind: "permanent", scope: "account", code: "template_not_approved" });
  });

  it("ignores its own outgoing message events without a status and incoming ones without text; refuses a body that is not JSON", () => {
    const parse = (body: unknown) => bevatel.parseWebhook!(webhookRequest(receiver.url, JSON.stringify(body)), bevatelConfig);
    expect(parse({ event: "conversation_created", id: 5 })).toEqual([]);
    expect(parse({ event: "message_updated", id: 5, message_type: "outgoing", status: "progress" })).toEqual([]);
    expect(parse({ event: "message_created", id: 6, message_type: 0, sender: { phone_number: "+966500000001" } })).toEqual([]);
    expect(() => bevatel.parseWebhook!(webhookRequest(receiver.url, "<xml/>"), bevatelConfig)).toThrow(/not JSON/);
  });
});

describe("Pinnacle", () => {
  beforeAll(() => {
    sim.accounts.register({ provider: "pinnacle", id: smsConfig.apiKey, webhookUrl: receiver.url });
    sim.accounts.register({ provider: "pinnacle", id: waConfig.apiKey, webhookUrl: receiver.url });
  });
  const context = () => adapterContext({ baseUrl: sim.urlFor("pinnacle") });
  const parseWith = (config: typeof smsConfig | typeof waConfig) => (body: string) => pinnacleSms.parseWebhook!(webhookRequest(receiver.url, body), config as typeof smsConfig);

  it("sends an SMS with the trigger's DLT template id, sender and entity id, and reads its DLR", async () => {
    const message = textSms("+919876543210", "Your report R-1 is ready");
    expect(await eventsOf(() => pinnacleSms.send(message, smsConfig, context()), 1, parseWith(smsConfig))).toEqual(["DELIVERED"]);
    const [entry] = sim.ledger.query({ provider: "pinnacle", heraldMessageId: message.messageId });
    expect(JSON.parse(entry!.rawBody)).toEqual({
      sender: "HRLDLB",
      message: [{ number: "919876543210", text: "Your report R-1 is ready" }],
      messagetype: "TXT",
      dlttempid: "1107161234567890123",
      dltentityid: "1101161234567890123",
      reference: message.messageId,
    });
  });

  it("refuses a trigger without a DLT template id as the account's, and reads Pinnacle's 200-with-error refusals", async () => {
    const unmapped = pinnacleSms.classifyError(await failureOf(pinnacleSms.send({ ...textSms("+919876543210"), triggerKey: "OTP" }, smsConfig, context())));
    expect(unmapped).toMatchObject({ kind: "permanent", scope: "account", code: "dlt_template_missing" });
    expect(pinnacleSms.classifyError(await failureOf(pinnacleSms.send(textSms("+919876540000"), smsConfig, context())))).toMatchObject({ kind: "permanent", scope: "recipient", code: "invalid_number" });
    expect(pinnacleSms.classifyError(await failureOf(pinnacleSms.send(textSms("+919876540001"), smsConfig, context())))).toMatchObject({ kind: "permanent", scope: "recipient", code: "unsubscribed", suppress: "provider_unsubscribed" });
    sim.accounts.register({ provider: "pinnacle", id: "disabled-pinnacle-key-01", disabled: true });
    const denied = pinnacleSms.classifyError(await failureOf(pinnacleSms.send(textSms("+919876543210"), { ...smsConfig, apiKey: "disabled-pinnacle-key-01" }, context())));
    expect(denied).toMatchObject({ code: "bad_credentials" });
  });

  it("reports an undeliverable SMS with the operator's error code; a duplicate report keeps its event key", async () => {
    expect(await eventsOf(() => pinnacleSms.send(textSms("+919876544444"), smsConfig, context()), 1, parseWith(smsConfig))).toEqual(["UNDELIVERED:001"]);
    const [rule] = sim.faults.add([{ provider: "pinnacle", account: smsConfig.apiKey, callbacks: { duplicateRate: 1 } }]);
    const before = receiver.calls.length;
    const { providerMessageId } = await pinnacleSms.send(textSms("+919876543210"), smsConfig, context());
    await vi.waitFor(() => expect(receiver.calls.slice(before).filter((c) => c.body.includes(providerMessageId))).toHaveLength(2), { timeout: 5_000, interval: 25 });
    sim.faults.remove(rule!);
    const keys = receiver.calls.slice(before).filter((c) => c.body.includes(providerMessageId)).flatMap((c) => parseWith(smsConfig)(c.body)).map((e) => e.eventKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
  });

  it("sends a WhatsApp template by Pinnacle's template id with ordered placeholders, and reads sent, delivered and read", async () => {
    const message = templateMessage("+919876543210", ["Sara", "R-1"], { template: { name: "tmpl_8841", contentSid: null, language: "en", parameters: ["Sara", "R-1"] } });
    expect(await eventsOf(() => pinnacleWhatsApp.send(message, waConfig, context()), 3, parseWith(waConfig))).toEqual(["DELIVERED", "READ", "SENT"]);
    const entry = sim.ledger.query({ provider: "pinnacle" }).find((e) => e.path === "/v1/wamessage/send" && e.httpStatus === 200)!;
    expect(JSON.parse(entry.rawBody)).toEqual({ from: "919800000001", to: "919876543210", type: "template", message: { templateid: "tmpl_8841", placeholders: ["Sara", "R-1"] } });
  });

  it("reads the message id and status words where an account says they are", () => {
    const config = ZPinnacleSmsConfig.parse({ ...smsConfig, messageIdPointer: "/result/ref", statusMap: { OK: "DELIVERED", KO: "UNDELIVERED" } });
    const parse = (body: unknown) => pinnacleSms.parseWebhook!(webhookRequest(receiver.url, JSON.stringify(body)), config);
    expect(parse({ msgid: "m1", status: "OK" })).toMatchObject([{ report: { providerMessageId: "m1", status: "DELIVERED" } }]);
    expect(parse([{ msgid: "m2", status: "KO", error_code: "005" }, { msgid: "m3", status: "ENROUTE" }])).toMatchObject([{ report: { status: "UNDELIVERED", errorCode: "005" } }]);
    expect(pinnacleSms.parseWebhook!(webhookRequest(receiver.url, "msgid=m4&status=DELIVRD", { "content-type": "application/x-www-form-urlencoded" }), config)).toMatchObject([{ report: { providerMessageId: "m4", status: "DELIVERED" } }]);
  });

  it("checks each config field and names it", () => {
    const result = ZPinnacleSmsConfig.safeParse({ apiKey: "short", sender: "TOO-LONG", dltTemplateIds: { REPORT_READY: "123" }, messageIdPointer: "data.id" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["apiKey", "sender", "dltTemplateIds.REPORT_READY", "messageIdPointer"]));
  });
});
