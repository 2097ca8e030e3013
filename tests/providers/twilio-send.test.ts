import { afterEach, describe, expect, it, vi } from "vitest";
import { LATE_DELIVERY_MS } from "../../simulator/outcomes";
import { twilioClient } from "@/server/providers/twilio/twilio-client";
import { formFields } from "./twilio-spec";
import {
  ACCOUNT_SID,
  API_KEY_SECRET,
  API_KEY_SID,
  CONTENT_SID,
  SENDER,
  SERVICE_SID,
  itSentOnlyConformingRequests,
  sms,
  smsMessage,
  twilioConfig,
  useTwilioHarness,
  whatsApp,
  whatsAppMessage,
} from "./twilio-helpers";

describe("Twilio adapter: sending and status lookup against the simulator", () => {
  const h = useTwilioHarness();
  afterEach(() => {
    vi.useRealTimers();
  });

  const lastSend = () => h.sim.ledger.query({ provider: "twilio", operation: "send" }).at(-1)!;

  it("sends an SMS from the account's number, with Herald's message id on the status callback URL", async () => {
    const message = smsMessage("+966501234567");
    const accepted = await sms.send(message, twilioConfig(), h.context());
    expect(accepted).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: "SENT", segments: 1 });
    const entry = lastSend();
    expect(entry).toMatchObject({ path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, heraldMessageId: message.messageId, providerMessageId: accepted.providerMessageId, httpStatus: 201 });
    expect(formFields(entry.rawBody)).toEqual({ To: "+966501234567", From: SENDER, Body: "Your report is ready.", StatusCallback: `${h.webhookUrl}?m=${message.messageId}` });
    expect(h.sim.ledger.acceptedSends(message.messageId)).toBe(1);
  });

  it("counts segments as Twilio does and reports them", async () => {
    const arabic = "نتيجة التحليل جاهزة، يمكنك استلامها من المختبر في أي وقت خلال ساعات العمل الرسمية.";
    expect([...arabic].length).toBeGreaterThan(70);
    const accepted = await sms.send(smsMessage("+966501234568", arabic), twilioConfig(), h.context());
    expect(accepted.segments).toBe(2);
  });

  it("sends through a Messaging Service when no sender is configured, and takes its 'accepted' as SENT", async () => {
    const config = twilioConfig({ from: undefined, messagingServiceSid: SERVICE_SID });
    const message = smsMessage("+966501234569");
    const accepted = await sms.send(message, config, h.context());
    // A service has not picked a sender yet: no segment count to report.
    expect(accepted).toEqual({ providerMessageId: expect.stringMatching(/^SM/), status: "SENT" });
    expect(formFields(lastSend().rawBody)).toMatchObject({ MessagingServiceSid: SERVICE_SID, To: "+966501234569" });
    expect(formFields(lastSend().rawBody)).not.toHaveProperty("From");
  });

  it("authenticates with an API key when one is configured", async () => {
    h.sim.accounts.register({ provider: "twilio", id: API_KEY_SID, secret: API_KEY_SECRET });
    const config = twilioConfig({ apiKeySid: API_KEY_SID, apiKeySecret: API_KEY_SECRET });
    const accepted = await sms.send(smsMessage("+966501234570"), config, h.context());
    expect(accepted.status).toBe("SENT");
    const wrongSecret = twilioConfig({ apiKeySid: API_KEY_SID, apiKeySecret: "A".repeat(32) });
    const error = await sms.send(smsMessage("+966501234570"), wrongSecret, h.context()).catch((e: unknown) => e);
    expect(sms.classifyError(error)).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials", providerCode: "20003" });
  });

  it("sends a WhatsApp template by ContentSid with its variables in order", async () => {
    const template = { name: null, contentSid: CONTENT_SID, language: "ar", parameters: ["Sara", "CBC", "https://lab.example/r/1"] };
    const message = whatsAppMessage("+966501234571", { template, body: "ignored when a template applies" });
    const accepted = await whatsApp.send(message, twilioConfig({}, "WHATSAPP"), h.context());
    expect(accepted).toMatchObject({ providerMessageId: expect.stringMatching(/^SM/), status: "SENT" });
    expect(formFields(lastSend().rawBody)).toEqual({
      To: "whatsapp:+966501234571",
      From: `whatsapp:${SENDER}`,
      ContentSid: CONTENT_SID,
      ContentVariables: JSON.stringify({ 1: "Sara", 2: "CBC", 3: "https://lab.example/r/1" }),
      StatusCallback: `${h.webhookUrl}?m=${message.messageId}`,
    });
  });

  it("sends WhatsApp session text as Body, and refuses a message Twilio cannot send so another account may", async () => {
    await whatsApp.send(whatsAppMessage("+966501234572", { body: "Your sample was collected." }), twilioConfig({ from: `whatsapp:${SENDER}` }, "WHATSAPP"), h.context());
    expect(formFields(lastSend().rawBody)).toMatchObject({ To: "whatsapp:+966501234572", From: `whatsapp:${SENDER}`, Body: "Your sample was collected." });

    const namedOnly = whatsAppMessage("+966501234572", { template: { name: "report_ready", contentSid: null, language: "en", parameters: [] } });
    const sendsBefore = h.sim.ledger.query({ operation: "send" }).length;
    const error = await whatsApp.send(namedOnly, twilioConfig({}, "WHATSAPP"), h.context()).catch((e: unknown) => e);
    expect(whatsApp.classifyError(error)).toMatchObject({ kind: "permanent", scope: "account", code: "content_sid_required" });
    expect(h.sim.ledger.query({ operation: "send" })).toHaveLength(sendsBefore);
  });

  it("looks a message up: delivered with its price as a positive cost, and null for an id Twilio does not know", async () => {
    const config = twilioConfig();
    const accepted = await sms.send(smsMessage("+966501234573"), config, h.context());
    await h.sim.callbacks.idle();
    const report = await sms.fetchStatus!(accepted.providerMessageId, config, h.context());
    expect(report).toEqual({ providerMessageId: accepted.providerMessageId, status: "DELIVERED", at: expect.any(Date), cost: 0.0075, currency: "USD", segments: 1 });
    expect(await sms.fetchStatus!(`SM${"0".repeat(32)}`, config, h.context())).toBeNull();
  });

  it("sees a late delivery only by lookup, once the carrier's receipt is in", async () => {
    const config = twilioConfig();
    const accepted = await sms.send(smsMessage("+966501232222"), config, h.context());
    await h.sim.callbacks.idle();
    expect(await sms.fetchStatus!(accepted.providerMessageId, config, h.context())).toMatchObject({ status: "SENT" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + LATE_DELIVERY_MS);
    expect(await sms.fetchStatus!(accepted.providerMessageId, config, h.context())).toMatchObject({ status: "DELIVERED", cost: 0.0075 });
  });

  it("keeps one SDK client per credential set and base URL", () => {
    const config = twilioConfig();
    expect(twilioClient(config, h.sim.urlFor("twilio"))).toBe(twilioClient(twilioConfig(), h.sim.urlFor("twilio")));
    expect(twilioClient(config, null)).not.toBe(twilioClient(config, h.sim.urlFor("twilio")));
    expect(twilioClient(twilioConfig({ authToken: "f".repeat(32) }), null)).not.toBe(twilioClient(config, null));
  });

  itSentOnlyConformingRequests(h);
});
