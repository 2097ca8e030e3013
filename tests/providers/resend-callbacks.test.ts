import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TSimulator } from "../../simulator/server";
import { adapterContext } from "../helpers/adapter-context";
import type { TResendConfig } from "@/server/providers/resend/resend-config";
import { resendEmailAdapter as adapter } from "@/server/providers/resend/resend.provider";
import type { TWebhookEvent } from "@/server/providers/types";
import { emailMessage, nonConformingRequests, resendConfig, resendSchemas, startResendSimulator, startWebhookReceiver, type TRecordedCall } from "./resend-support";

let sim: TSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let config: TResendConfig;
const schemas = resendSchemas();
const context = () => adapterContext({ baseUrl: sim.urlFor("resend"), webhookUrl: receiver.url });

beforeAll(async () => {
  sim = await startResendSimulator();
  receiver = await startWebhookReceiver("/api/webhooks/resend/acct-1");
  config = resendConfig();
  sim.accounts.register({ provider: "resend", id: config.apiKey, webhookUrl: receiver.url, webhookSecret: config.webhookSecret });
});
beforeEach(() => {
  receiver.calls.length = 0;
  sim.faults.clear();
});
afterAll(async () => {
  const { checked, problems } = nonConformingRequests(sim);
  await sim.close();
  await receiver.close();
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(0);
});

/** Each received call checked as Herald's webhook route would: signature, then parsing. */
async function receivedEvents(calls: TRecordedCall[] = receiver.calls): Promise<{ type: string; emailId: string; svixId: string; events: TWebhookEvent[] }[]> {
  const out = [];
  for (const call of calls) {
    const headers = new Headers(Object.entries(call.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
    const request = { url: receiver.url, method: "POST", headers, rawBody: call.body };
    expect(await adapter.verifyWebhook!(request, config, new Date())).toBe(true);
    const payload = JSON.parse(call.body) as { type: string; data: { email_id: string } };
    expect(schemas.webhookEvent(payload), JSON.stringify(schemas.webhookEvent.errors)).toBe(true);
    out.push({ type: payload.type, emailId: payload.data.email_id, svixId: headers.get("svix-id")!, events: adapter.parseWebhook!(request) });
  }
  return out;
}

async function sendAndSettle(to: string) {
  const message = emailMessage(to);
  const { providerMessageId } = await adapter.send(message, config, context());
  await sim.callbacks.idle();
  const received = (await receivedEvents()).filter((r) => r.emailId === providerMessageId);
  return { message, providerMessageId, received };
}

const statuses = (received: { events: TWebhookEvent[] }[]) => received.flatMap((r) => r.events.flatMap((e) => (e.kind === "status" ? [e.report.status] : [])));
const suppressions = (received: { events: TWebhookEvent[] }[]) => received.flatMap((r) => r.events.flatMap((e) => (e.kind === "suppress" ? [`${e.address}:${e.reason}`] : [])));

describe("resend callbacks from the simulator", () => {
  it("delivers sent then delivered, signed for the account's webhook and tagged with the Herald message", async () => {
    const { message, received } = await sendAndSettle("sara@example.com");
    expect(received.map((r) => r.type)).toEqual(["email.sent", "email.delivered"]);
    expect(statuses(received)).toEqual(["SENT", "DELIVERED"]);
    const payload = JSON.parse(receiver.calls[0]!.body) as { data: { tags: Record<string, string> } };
    expect(payload.data.tags).toEqual({ message_id: message.messageId, trigger: "REPORT_READY" });
    expect(sim.callbacks.deliveries.filter((d) => d.heraldMessageId === message.messageId).every((d) => d.status === 200)).toBe(true);
  });

  it("bounces an undeliverable address permanently and suppresses it", async () => {
    const { received } = await sendAndSettle("bounce@example.com");
    expect(received.map((r) => r.type)).toEqual(["email.sent", "email.bounced"]);
    expect(statuses(received)).toEqual(["SENT", "UNDELIVERED"]);
    expect(suppressions(received)).toEqual(["bounce@example.com:hard_bounce"]);
  });

  it("reports a delay without a status, then delivery", async () => {
    const { received } = await sendAndSettle("transient@example.com");
    expect(received.map((r) => r.type)).toEqual(["email.sent", "email.delivery_delayed", "email.delivered"]);
    expect(statuses(received)).toEqual(["SENT", "DELIVERED"]);
    expect(suppressions(received)).toEqual([]);
  });

  it("suppresses a complaint after delivery", async () => {
    const { received } = await sendAndSettle("complaint@example.com");
    expect(received.map((r) => r.type)).toEqual(["email.sent", "email.delivered", "email.complained"]);
    expect(statuses(received)).toEqual(["SENT", "DELIVERED", "DELIVERED"]);
    expect(suppressions(received)).toEqual(["complaint@example.com:complaint"]);
  });

  it("reports an address on Resend's suppression list as FAILED and suppresses it in Herald too", async () => {
    const { received } = await sendAndSettle("unsubscribed@example.com");
    expect(received.map((r) => r.type)).toEqual(["email.suppressed"]);
    expect(statuses(received)).toEqual(["FAILED"]);
    expect(suppressions(received)).toEqual(["unsubscribed@example.com:provider_unsubscribed"]);
  });

  it("sends only email.sent for a late email: its delivery is seen by a status lookup", async () => {
    const { received } = await sendAndSettle("late@example.com");
    expect(received.map((r) => r.type)).toEqual(["email.sent"]);
  });

  it("calls back for each email of a batch", async () => {
    const messages = [emailMessage("one@example.com"), emailMessage("bounce@example.com")];
    const accepted = await adapter.sendBatch!(messages, config, context());
    await sim.callbacks.idle();
    const received = await receivedEvents();
    expect(statuses(received.filter((r) => r.emailId === accepted[0]!.providerMessageId))).toEqual(["SENT", "DELIVERED"]);
    expect(statuses(received.filter((r) => r.emailId === accepted[1]!.providerMessageId))).toEqual(["SENT", "UNDELIVERED"]);
  });

  it("repeats a duplicated event under the same Svix id, so its event keys dedupe it", async () => {
    sim.faults.add([{ provider: "resend", callbacks: { duplicateRate: 1, delayMs: { min: 1, max: 5 } } }]);
    const { received } = await sendAndSettle("sara@example.com");
    expect(received).toHaveLength(4);
    const keys = received.flatMap((r) => r.events.map((e) => e.eventKey));
    expect(new Set(keys).size).toBe(2);
  });

  it("sends nothing for an account without a webhook, as Resend does", async () => {
    const silent = resendConfig();
    const { providerMessageId } = await adapter.send(emailMessage("sara@example.com"), silent, context());
    await sim.callbacks.idle();
    expect(receiver.calls).toEqual([]);
    expect(await adapter.fetchStatus!(providerMessageId, silent, context())).toMatchObject({ status: "DELIVERED" });
  });
});
