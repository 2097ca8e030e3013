import { describe, expect, it } from "vitest";
import type { TWebhookEvent } from "@/server/providers/types";
import {
  ACCOUNT_SID,
  API_KEY_SECRET,
  API_KEY_SID,
  AUTH_TOKEN,
  CONTENT_SID,
  SENDER,
  itSentOnlyConformingRequests,
  sms,
  smsMessage,
  twilioConfig,
  useTwilioHarness,
  whatsApp,
  whatsAppMessage,
  type TReceived,
} from "./twilio-helpers";

describe("Twilio simulator callbacks, verified and parsed by the adapter", () => {
  const h = useTwilioHarness();

  /** The callbacks that arrived for one Herald message, after every pending one went out. */
  async function callbacksFor(messageId: string): Promise<TReceived[]> {
    await h.sim.callbacks.idle();
    return h.receiver.received.filter((r) => new URL(r.url).searchParams.get("m") === messageId);
  }

  async function verifiedEvents(received: TReceived[], config = twilioConfig()): Promise<TWebhookEvent[]> {
    const events: TWebhookEvent[] = [];
    for (const request of received) {
      expect(await sms.verifyWebhook!(request, config, new Date())).toBe(true);
      events.push(...sms.parseWebhook!(request));
    }
    return events;
  }

  const statuses = (events: TWebhookEvent[]) => events.map((e) => (e.kind === "status" ? [e.report.status, e.report.errorCode ?? null] : [e.kind, null]));

  it("calls back sent then delivered for an SMS, at the status callback URL with Herald's message id", async () => {
    const message = smsMessage("+966501234567");
    const accepted = await sms.send(message, twilioConfig(), h.context());
    const received = await callbacksFor(message.messageId);
    expect(received.map((r) => r.url)).toEqual([`${h.webhookUrl}?m=${message.messageId}`, `${h.webhookUrl}?m=${message.messageId}`]);
    const events = await verifiedEvents(received);
    expect(statuses(events)).toEqual([
      ["SENT", null],
      ["DELIVERED", null],
    ]);
    expect(events.every((e) => e.kind === "status" && e.report.providerMessageId === accepted.providerMessageId)).toBe(true);
    // A callback signed for this account does not verify with another token.
    expect(await sms.verifyWebhook!(received[0]!, twilioConfig({ authToken: "e".repeat(32) }), new Date())).toBe(false);
  });

  it("calls back sent then undelivered (30003) for an unreachable handset", async () => {
    const message = smsMessage("+966501234444");
    await sms.send(message, twilioConfig(), h.context());
    expect(statuses(await verifiedEvents(await callbacksFor(message.messageId)))).toEqual([
      ["SENT", null],
      ["UNDELIVERED", "30003"],
    ]);
  });

  it("calls back only sent for a late delivery", async () => {
    const message = smsMessage("+966501232222");
    await sms.send(message, twilioConfig(), h.context());
    expect(statuses(await verifiedEvents(await callbacksFor(message.messageId)))).toEqual([["SENT", null]]);
  });

  it("fails free-form WhatsApp text outside the 24-hour session with 63016 (stored as template_required), and a lookup agrees", async () => {
    const config = twilioConfig({}, "WHATSAPP");
    const message = whatsAppMessage("+966501237777", { body: "Your results are ready." });
    const accepted = await whatsApp.send(message, config, h.context());
    expect(accepted.status).toBe("SENT");
    const events = await verifiedEvents(await callbacksFor(message.messageId), config);
    expect(statuses(events)).toEqual([["FAILED", "template_required"]]);
    // The callback has ErrorCode alone; the report carries Twilio's message for it all the same.
    expect(events[0]).toMatchObject({ report: { errorMessage: expect.stringContaining("outside the allowed window") } });
    expect(await whatsApp.fetchStatus!(accepted.providerMessageId, config, h.context())).toMatchObject({ status: "FAILED", errorCode: "template_required", providerCode: "63016", errorMessage: expect.stringContaining("outside the allowed window") });
  });

  it("delivers a WhatsApp template outside the session: sent, delivered, read", async () => {
    const config = twilioConfig({}, "WHATSAPP");
    const message = whatsAppMessage("+966501237778", { template: { name: null, contentSid: CONTENT_SID, language: "en", parameters: ["Sara"] } });
    await whatsApp.send(message, config, h.context());
    expect(statuses(await verifiedEvents(await callbacksFor(message.messageId), config))).toEqual([
      ["SENT", null],
      ["DELIVERED", null],
      ["READ", null],
    ]);
  });

  it("posts a patient's WhatsApp message to the account's webhook, which opens the session for free-form text", async () => {
    const patient = "+966501237779";
    await h.sim.providers.get("twilio")!.inbound!({ account: ACCOUNT_SID, from: patient, to: `whatsapp:${SENDER}`, body: "When is my report ready?" }, h.sim);
    await h.sim.callbacks.idle();
    const [inbound] = h.receiver.received;
    expect(inbound!.url).toBe(h.webhookUrl);
    expect(await whatsApp.verifyWebhook!(inbound!, twilioConfig({}, "WHATSAPP"), new Date())).toBe(true);
    expect(whatsApp.parseWebhook!(inbound!)).toEqual([{ kind: "inbound", eventKey: expect.stringMatching(/^SM[0-9a-f]{32}$/), from: patient, to: SENDER, body: "When is my report ready?" }]);
    expect(new URLSearchParams(inbound!.rawBody).get("From")).toBe(`whatsapp:${patient}`);

    const message = whatsAppMessage(patient, { body: "Tomorrow morning." });
    await whatsApp.send(message, twilioConfig({}, "WHATSAPP"), h.context());
    expect(statuses(await verifiedEvents(await callbacksFor(message.messageId)))).toEqual([
      ["SENT", null],
      ["DELIVERED", null],
      ["READ", null],
    ]);
  });

  it("posts an inbound SMS through the admin API, signed with the account's token", async () => {
    const response = await fetch(`${h.sim.origin}/__admin/inbound`, {
      method: "POST",
      body: JSON.stringify({ provider: "twilio", account: ACCOUNT_SID, from: "+966501234567", to: SENDER, body: "STOP" }),
    });
    expect(response.status).toBe(202);
    await h.sim.callbacks.idle();
    const [inbound] = h.receiver.received;
    expect(await sms.verifyWebhook!(inbound!, twilioConfig(), new Date())).toBe(true);
    expect(sms.parseWebhook!(inbound!)).toEqual([{ kind: "inbound", eventKey: expect.any(String), from: "+966501234567", to: SENDER, body: "STOP" }]);
  });

  it("signs an unregistered account's callbacks with the token it authenticated with, and an API key's with the account's token", async () => {
    const otherSid = `AC${"9f".repeat(16)}`;
    const otherToken = "9".repeat(32);
    const other = twilioConfig({ accountSid: otherSid, authToken: otherToken });
    const first = smsMessage("+966501234599");
    await sms.send(first, other, h.context());
    const [callback] = await callbacksFor(first.messageId);
    expect(await sms.verifyWebhook!(callback!, other, new Date())).toBe(true);
    expect(await sms.verifyWebhook!(callback!, twilioConfig(), new Date())).toBe(false);

    const viaKey = twilioConfig({ apiKeySid: API_KEY_SID, apiKeySecret: API_KEY_SECRET });
    const second = smsMessage("+966501234598");
    await sms.send(second, viaKey, h.context());
    const [keyed] = await callbacksFor(second.messageId);
    expect(viaKey.authToken).toBe(AUTH_TOKEN);
    expect(await sms.verifyWebhook!(keyed!, viaKey, new Date())).toBe(true);
  });

  it("repeats and reorders callbacks when a fault says so; event keys let Herald drop the repeats", async () => {
    h.sim.faults.add([{ provider: "twilio", account: ACCOUNT_SID, callbacks: { outOfOrder: true, duplicateRate: 1, delayMs: { min: 5, max: 5 } } }]);
    const message = smsMessage("+966501234590");
    await sms.send(message, twilioConfig(), h.context());
    const events = await verifiedEvents(await callbacksFor(message.messageId));
    expect(events).toHaveLength(4);
    expect(new Set(events.map((e) => e.eventKey)).size).toBe(2);
    expect(events[0]).toMatchObject({ report: { status: "DELIVERED" } });
  });

  itSentOnlyConformingRequests(h);
});
