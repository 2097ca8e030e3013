// Interakt's adapter against the simulator: the Message API body, each error class, its 429 pace,
// and credentials kept out of every error.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TFaultRule } from "../../simulator/faults";
import { startSimulator, type TSimulator } from "../../simulator/server";
import { adapterContext } from "../helpers/adapter-context";
import { startWebhookReceiver, type TWebhookReceiver } from "../helpers/webhook-receiver";
import { failureOf, templateMessage, webhookRequest } from "./whatsapp-messages";
import { ZInteraktConfig, type TInteraktConfig } from "@/server/providers/interakt/interakt-config";
import { interaktWhatsAppAdapter as adapter } from "@/server/providers/interakt/interakt.provider";
import type { TWebhookEvent } from "@/server/providers/types";

const API_KEY = "aW50ZXJha3Qtc2ltLWtleS0wMDAx";
const WEBHOOK_SECRET = "interakt-webhook-secret-1";

let sim: TSimulator;
let receiver: TWebhookReceiver;
const config: TInteraktConfig = ZInteraktConfig.parse({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET });
const context = () => adapterContext({ baseUrl: sim.urlFor("interakt") });

beforeAll(async () => {
  sim = await startSimulator({ providers: ["interakt"] });
  receiver = await startWebhookReceiver("/api/webhooks/interakt/acct-1");
  sim.accounts.register({ provider: "interakt", id: API_KEY, webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const sign = (body: string, secret = WEBHOOK_SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("Interakt sends", () => {
  it("sends a template with Herald's message id as callbackData, the number split into country code and national number", async () => {
    const message = templateMessage("+919876543210", ["Sara", "R-1001"]);
    const accepted = await adapter.send(message, config, context());
    expect(accepted).toMatchObject({ status: "SENT", providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const [entry] = sim.ledger.query({ provider: "interakt", heraldMessageId: message.messageId });
    expect(entry).toMatchObject({ method: "POST", path: "/v1/public/message/", httpStatus: 201 });
    expect(JSON.parse(entry!.rawBody)).toEqual({
      countryCode: "+91",
      phoneNumber: "9876543210",
      callbackData: message.messageId,
      type: "Template",
      template: { name: "report_ready", languageCode: "en", bodyValues: ["Sara", "R-1001"] },
    });
  });

  it("uses the account's default language for a template saved without one, and refuses free text (templates only)", async () => {
    const arabic = { ...config, defaultLanguage: "ar" };
    const message = templateMessage("+966501234567", [], { template: { name: "otp", contentSid: null, language: null, parameters: ["123456"] } });
    await adapter.send(message, arabic, context());
    expect(JSON.parse(sim.ledger.query({ heraldMessageId: message.messageId })[0]!.rawBody).template.languageCode).toBe("ar");

    const error = await failureOf(adapter.send(templateMessage("+966501234567", [], { template: null, body: "hello" }), config, context()));
    expect(adapter.classifyError(error)).toMatchObject({ kind: "permanent", scope: "recipient", code: "template_required" });
  });

  it("classifies an invalid number as the recipient's, bad credentials as the account's", async () => {
    const invalid = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876540000"), config, context())));
    expect(invalid).toMatchObject({ kind: "permanent", scope: "recipient", code: "invalid_number", httpStatus: 400 });

    sim.accounts.register({ provider: "interakt", id: "ZGlzYWJsZWQta2V5LTAwMDAwMQ", disabled: true });
    const denied = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), { ...config, apiKey: "ZGlzYWJsZWQta2V5LTAwMDAwMQ" }, context())));
    expect(denied).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials", httpStatus: 401 });
    expect(denied.message).not.toContain("ZGlzYWJsZWQta2V5LTAwMDAwMQ");
  });

  it("reads a template refusal as this account's (another number may have it approved) and an opt-out as the recipient's", async () => {
    sim.faults.add([{ provider: "interakt", account: API_KEY, times: 1, errors: [{ rate: 1, status: 400, message: "Template report_ready is not approved" }] }]);
    const template = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), config, context())));
    expect(template).toMatchObject({ kind: "permanent", scope: "account", code: "template_not_approved" });

    sim.faults.add([{ provider: "interakt", account: API_KEY, times: 1, errors: [{ rate: 1, status: 400, message: "Customer has opted out of WhatsApp messages" }] }]);
    const optOut = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), config, context())));
    expect(optOut).toMatchObject({ kind: "permanent", scope: "recipient", code: "unsubscribed", suppress: "provider_unsubscribed" });
  });

  it("retries a 429 at Retry-After, or after Interakt's one-minute window when it gives none", async () => {
    sim.faults.add([{ provider: "interakt", account: API_KEY, times: 1, rateLimit: { rate: 1, retryAfterSeconds: 7 } }]);
    const paced = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), config, context())));
    expect(paced).toMatchObject({ kind: "retryable", code: "rate_limited", retryAfterMs: 7_000, httpStatus: 429 });

    sim.faults.add([{ provider: "interakt", account: API_KEY, times: 1, errors: [{ rate: 1, status: 429, message: "Too many requests" }] }]);
    const windowed = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), config, context())));
    expect(windowed).toMatchObject({ kind: "retryable", code: "rate_limited", retryAfterMs: 60_000 });
  });

  it("retries server errors, a provider that is down, dropped connections and timeouts", async () => {
    const cases: [Omit<TFaultRule, "provider">, string][] = [
      [{ errors: [{ rate: 1, status: 502 }] }, "provider_unavailable"],
      [{ down: true }, "provider_unavailable"],
      [{ dropRate: 1 }, "network_error"],
    ];
    for (const [fault, code] of cases) {
      const [id] = sim.faults.add([{ provider: "interakt", account: API_KEY, times: 1, ...fault }]);
      const classified = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), config, context())));
      expect(classified, code).toMatchObject({ kind: "retryable", code });
      sim.faults.remove(id!);
    }
    sim.faults.add([{ provider: "interakt", account: API_KEY, times: 1, timeoutRate: 1 }]);
    const timedOut = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), config, adapterContext({ baseUrl: sim.urlFor("interakt"), signal: AbortSignal.timeout(200) }))));
    expect(timedOut).toMatchObject({ kind: "retryable", code: "timeout" });
  });
});

describe("Interakt webhooks", () => {
  const url = "https://herald.example/api/webhooks/interakt/acct-1";

  it("accepts its HMAC-SHA256 signature, and refuses a missing, wrong-secret or tampered one", () => {
    const body = JSON.stringify({ type: "message_api_delivered", data: { message: { id: "m-1", callback_data: "cmsg1" } } });
    expect(adapter.verifyWebhook!(webhookRequest(url, body, { "interakt-signature": sign(body) }), config, new Date())).toBe(true);
    expect(adapter.verifyWebhook!(webhookRequest(url, body, { "interakt-signature": sign(body).slice(7) }), config, new Date())).toBe(true);
    expect(adapter.verifyWebhook!(webhookRequest(url, body), config, new Date())).toBe(false);
    expect(adapter.verifyWebhook!(webhookRequest(url, body, { "interakt-signature": sign(body, "another-secret-1") }), config, new Date())).toBe(false);
    expect(adapter.verifyWebhook!(webhookRequest(url, body.replace("delivered", "failed"), { "interakt-signature": sign(body) }), config, new Date())).toBe(false);
    expect(adapter.verifyWebhook!(webhookRequest(url, body, { "interakt-signature": "sha256=zz" }), config, new Date())).toBe(false);
  });

  it("maps sent, delivered, read and failed, keyed per message and event; ignores other events; refuses a body that is not Interakt's", () => {
    const event = (type: string, message: Record<string, unknown>) => adapter.parseWebhook!(webhookRequest(url, JSON.stringify({ timestamp: "2026-12-01T03:00:00.000Z", type, data: { message } })));
    expect(event("message_api_read", { id: "m-1", callback_data: "cmsg1" })).toEqual([
      { kind: "status", eventKey: "message_api_read:m-1", report: { providerMessageId: "m-1", status: "READ", at: new Date("2026-12-01T03:00:00.000Z"), heraldMessageId: "cmsg1" } },
    ]);
    expect(event("message_api_failed", { id: "m-2", channel_error_code: "131026", channel_failure_reason: "Message undeliverable" })[0]).toMatchObject({
      report: { status: "FAILED", errorCode: "undeliverable", providerCode: "131026", errorMessage: "Message undeliverable" },
    });
    expect(event("message_api_clicked", { id: "m-3" })).toEqual([]);
    expect(() => adapter.parseWebhook!(webhookRequest(url, "not json"))).toThrow(/not JSON/);
    expect(() => event("message_api_sent", {})).toThrow(/data.message/);
  });

  it("calls back signed, with callback_data, for each outcome; a duplicate repeats the same event key", async () => {
    const eventsOf = async (to: string, count: number): Promise<TWebhookEvent[]> => {
      const message = templateMessage(to);
      await adapter.send(message, config, context());
      await vi.waitFor(() => expect(receiver.calls.filter((c) => c.body.includes(message.messageId)).length).toBeGreaterThanOrEqual(count), { timeout: 5_000, interval: 25 });
      await sim.callbacks.idle();
      const calls = receiver.calls.filter((c) => c.body.includes(message.messageId));
      for (const call of calls) expect(adapter.verifyWebhook!(webhookRequest(url, call.body, { "interakt-signature": String(call.headers["interakt-signature"]) }), config, new Date())).toBe(true);
      return calls.flatMap((c) => adapter.parseWebhook!(webhookRequest(url, c.body)));
    };
    const statuses = (events: TWebhookEvent[]) => events.map((e) => (e.kind === "status" ? e.report.status : e.kind)).sort();
    expect(statuses(await eventsOf("+919876543210", 3))).toEqual(["DELIVERED", "READ", "SENT"]);
    expect(statuses(await eventsOf("+919876544444", 2))).toEqual(["FAILED", "SENT"]);

    const [rule] = sim.faults.add([{ provider: "interakt", account: API_KEY, callbacks: { duplicateRate: 1 } }]);
    const repeated = await eventsOf("+919876543210", 6);
    sim.faults.remove(rule!);
    expect(repeated).toHaveLength(6);
    expect(new Set(repeated.map((e) => e.eventKey)).size).toBe(3);
  });

  it("delivers a patient's reply as an inbound event with their E.164 number", async () => {
    await sim.providers.get("interakt")!.inbound!({ account: API_KEY, from: "+919876501234", to: "", body: "STOP" }, sim);
    await sim.callbacks.idle();
    const call = receiver.calls.find((c) => c.body.includes('"message_received"'))!;
    expect(adapter.verifyWebhook!(webhookRequest(url, call.body, { "interakt-signature": String(call.headers["interakt-signature"]) }), config, new Date())).toBe(true);
    expect(adapter.parseWebhook!(webhookRequest(url, call.body))).toEqual([{ kind: "inbound", eventKey: expect.stringMatching(/^inbound:/), from: "+919876501234", to: "", body: "STOP" }]);
  });

  it("never shows its secrets in a refusal, even one that echoes the request", async () => {
    sim.faults.add([{ provider: "interakt", account: API_KEY, times: 1, errors: [{ rate: 1, status: 400, message: `Bad header Basic ${API_KEY} secret ${WEBHOOK_SECRET}` }] }]);
    const classified = adapter.classifyError(await failureOf(adapter.send(templateMessage("+919876543210"), config, context())));
    expect(classified.message).not.toContain(API_KEY);
    expect(classified.message).not.toContain(WEBHOOK_SECRET);
    expect(classified.message).toContain("[redacted]");
  });
});
