// The simulator's Event Webhook calls for each address convention, received by a local server and
// verified and parsed by the adapter with the key read from the simulator's settings endpoint.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LATE_DELIVERY_MS } from "../../simulator/outcomes";
import type { TSimulator } from "../../simulator/server";
import { adapterContext } from "../helpers/adapter-context";
import { startWebhookReceiver, type TRecordedCall, type TWebhookReceiver } from "../helpers/webhook-receiver";
import { emailMessage } from "../helpers/email-message";
import { newApiKey, newKeyPair, nonConformingRequests, sendgridConfig, startSendGridSimulator } from "./sendgrid-support";
import type { TSendGridConfig } from "@/server/providers/sendgrid/sendgrid-config";
import { sendgridEmailAdapter as adapter } from "@/server/providers/sendgrid/sendgrid.provider";
import type { TWebhookEvent, TWebhookRequest } from "@/server/providers/types";

describe("SendGrid Event Webhook calls from the simulator", () => {
  let sim: TSimulator;
  let receiver: TWebhookReceiver;
  let config: TSendGridConfig;
  beforeAll(async () => {
    sim = await startSendGridSimulator();
    receiver = await startWebhookReceiver("/api/webhooks/sendgrid/acct-1");
    const apiKey = newApiKey();
    sim.accounts.register({ provider: "sendgrid", id: apiKey, webhookUrl: receiver.url });
    // As Herald's operator would: read the account's verification key from SendGrid's API.
    const settings = await fetch(`${sim.urlFor("sendgrid")}/v3/user/webhooks/event/settings/signed`, { headers: { authorization: `Bearer ${apiKey}` } });
    const { public_key } = (await settings.json()) as { public_key: string };
    config = sendgridConfig({ apiKey, webhookPublicKey: public_key });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  const toRequest = (call: TRecordedCall): TWebhookRequest => ({
    url: receiver.url,
    method: "POST",
    headers: new Headers(Object.entries(call.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : []))),
    rawBody: call.body,
  });

  const callsFor = (heraldMessageId: string) => receiver.calls.filter((c) => c.body.includes(`"herald_message_id":"${heraldMessageId}"`));

  /**
   * Sends to an address and returns, once `count` calls arrived, the verified events. Calls made
   * moments apart may overtake each other on the way, as at SendGrid, so callers compare them as sets.
   */
  async function eventsFor(to: string, count: number, timeout = 5_000): Promise<{ providerMessageId: string; raw: Record<string, unknown>[]; events: TWebhookEvent[] }> {
    const message = emailMessage(to);
    const { providerMessageId } = await adapter.send(message, config, adapterContext({ baseUrl: sim.urlFor("sendgrid"), webhookUrl: receiver.url }));
    await vi.waitFor(() => expect(callsFor(message.messageId)).toHaveLength(count), { timeout, interval: 25 });
    await sim.callbacks.idle();
    const calls = callsFor(message.messageId);
    expect(calls).toHaveLength(count);
    for (const call of calls) expect(adapter.verifyWebhook!(toRequest(call), config, new Date())).toBe(true);
    return {
      providerMessageId,
      raw: calls.flatMap((c) => JSON.parse(c.body) as Record<string, unknown>[]),
      events: calls.flatMap((c) => adapter.parseWebhook!(toRequest(c))),
    };
  }

  const statuses = (events: TWebhookEvent[]) => events.map((e) => (e.kind === "status" ? e.report.status : `${e.kind}:${e.kind === "suppress" ? e.reason : ""}`)).sort();
  const named = (raw: Record<string, unknown>[], event: string) => raw.find((e) => e.event === event);

  it("sends processed then delivered, as SendGrid shapes its events, to the account's webhook URL", async () => {
    const { providerMessageId, raw, events } = await eventsFor("sara@example.com", 2);
    expect(statuses(events)).toEqual(["DELIVERED", "SENT"]);
    expect(events.every((e) => e.kind === "status" && e.report.providerMessageId === providerMessageId)).toBe(true);
    expect(named(raw, "delivered")).toMatchObject({
      email: "sara@example.com",
      event: "delivered",
      herald_trigger: "REPORT_READY",
      sg_message_id: expect.stringMatching(new RegExp(`^${providerMessageId}\\.filterdrecv-`)),
      sg_event_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      "smtp-id": expect.any(String),
      timestamp: expect.any(Number),
    });
    expect(new Set(events.map((e) => e.eventKey)).size).toBe(2);
    expect(receiver.calls[0]!.path).toBe("/api/webhooks/sendgrid/acct-1");
  });

  it("reports a transient problem as deferred (not tracked) before delivery", async () => {
    const { raw, events } = await eventsFor("transient@example.com", 3);
    expect(raw.map((e) => e.event).sort()).toEqual(["deferred", "delivered", "processed"]);
    expect(statuses(events)).toEqual(["DELIVERED", "SENT"]);
  });

  it("bounces an undeliverable address and suppresses it", async () => {
    const { raw, events } = await eventsFor("undeliverable@example.com", 2);
    expect(named(raw, "bounce")).toMatchObject({ type: "bounce", status: "5.1.1" });
    expect(events.find((e) => e.kind === "status" && e.report.status === "UNDELIVERED")).toMatchObject({ kind: "status", report: { status: "UNDELIVERED", errorCode: "5.1.1" }, suppress: { address: "undeliverable@example.com", reason: "hard_bounce" } });
  });

  it("reports a complaint after delivery", async () => {
    const { events } = await eventsFor("complaint@example.com", 3);
    expect(statuses(events)).toEqual(["DELIVERED", "SENT", "suppress:complaint"]);
  });

  it("accepts an unsubscribed address, then drops it", async () => {
    const { raw, events } = await eventsFor("unsubscribed@example.com", 1);
    expect(raw[0]).toMatchObject({ event: "dropped", reason: "Unsubscribed Address" });
    expect(events).toEqual([expect.objectContaining({ kind: "status", report: expect.objectContaining({ status: "FAILED" }), suppress: { address: "unsubscribed@example.com", reason: "provider_unsubscribed" } })]);
  });

  it("delivers a late message by a second call, after the late delay", async () => {
    const { events } = await eventsFor("late@example.com", 2, LATE_DELIVERY_MS + 10_000);
    // The delivered call is made LATE_DELIVERY_MS after the processed one, so these do arrive in order.
    expect(events.map((e) => (e.kind === "status" ? e.report.status : e.kind))).toEqual(["SENT", "DELIVERED"]);
  });

  it("repeats an event with its sg_event_id when SendGrid delivers it twice", async () => {
    const [rule] = sim.faults.add([{ provider: "sendgrid", account: config.apiKey, callbacks: { duplicateRate: 1 } }]);
    try {
      const { events } = await eventsFor("sara@example.com", 4);
      expect(new Set(events.map((e) => e.eventKey)).size).toBe(2);
    } finally {
      sim.faults.remove(rule!);
    }
  });

  it("signs with the key an account fixes, which the process key cannot verify", async () => {
    const fixed = newKeyPair();
    const apiKey = newApiKey();
    sim.accounts.register({ provider: "sendgrid", id: apiKey, webhookUrl: receiver.url, webhookSecret: fixed.privateKeyBase64 });
    const message = emailMessage("sara@example.com");
    await adapter.send(message, { ...config, apiKey }, adapterContext({ baseUrl: sim.urlFor("sendgrid") }));
    await vi.waitFor(() => expect(callsFor(message.messageId)).toHaveLength(2), { timeout: 5_000, interval: 25 });
    const call = toRequest(callsFor(message.messageId)[0]!);
    expect(adapter.verifyWebhook!(call, { ...config, webhookPublicKey: fixed.publicKeyBase64 }, new Date())).toBe(true);
    expect(adapter.verifyWebhook!(call, config, new Date())).toBe(false);
  });

  it("sent only bodies that conform to SendGrid's Mail Send spec", () => {
    const { checked, problems } = nonConformingRequests(sim);
    expect(problems).toEqual([]);
    expect(checked).toBe(8);
  });
});
