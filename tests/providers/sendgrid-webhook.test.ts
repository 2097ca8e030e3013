// SendGrid's Event Webhook: signatures made here as SendGrid documents them (ECDSA P-256, SHA-256,
// over timestamp + raw body, base64 DER), and each event type's meaning.
import { sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newKeyPair, sendgridConfig, type TKeyPair } from "./sendgrid-support";
import { sendgridEmailAdapter as adapter } from "@/server/providers/sendgrid/sendgrid.provider";
import { mapSendGridEvent, SENDGRID_EVENT_MAPPING } from "@/server/providers/sendgrid/sendgrid-statuses";
import type { TWebhookRequest } from "@/server/providers/types";

const NOW = new Date("2025-06-01T12:00:00Z");
const nowSeconds = NOW.getTime() / 1000;

function signedRequest(keys: TKeyPair, rawBody: string, timestamp = String(nowSeconds), omit: "signature" | "timestamp" | null = null): TWebhookRequest & { headers: Headers } {
  const signature = sign("sha256", Buffer.from(timestamp + rawBody), keys.privateKey).toString("base64");
  const headers = new Headers({ "content-type": "application/json" });
  if (omit !== "signature") headers.set("X-Twilio-Email-Event-Webhook-Signature", signature);
  if (omit !== "timestamp") headers.set("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
  return { url: "https://herald.example/api/webhooks/sendgrid/acct-1", method: "POST", headers, rawBody };
}

const body = JSON.stringify([{ email: "sara@example.com", timestamp: nowSeconds, event: "delivered", sg_event_id: "ev1", sg_message_id: "abc.filter1.0" }]);

describe("SendGrid webhook signatures", () => {
  const keys = newKeyPair();
  const config = sendgridConfig({ webhookPublicKey: keys.publicKeyBase64 });

  it("accepts SendGrid's signature by the account's key", () => {
    expect(adapter.verifyWebhook!(signedRequest(keys, body), config, NOW)).toBe(true);
  });

  it("rejects a tampered body, another key, and a missing header", () => {
    const request = signedRequest(keys, body);
    expect(adapter.verifyWebhook!({ ...request, rawBody: body.replace("delivered", "bounce") }, config, NOW)).toBe(false);
    expect(adapter.verifyWebhook!(request, sendgridConfig({ webhookPublicKey: newKeyPair().publicKeyBase64 }), NOW)).toBe(false);
    expect(adapter.verifyWebhook!(signedRequest(keys, body, undefined, "signature"), config, NOW)).toBe(false);
    expect(adapter.verifyWebhook!(signedRequest(keys, body, undefined, "timestamp"), config, NOW)).toBe(false);
  });

  it("rejects a signature that is not base64 DER, and a timestamp that is not a number", () => {
    const request = signedRequest(keys, body);
    request.headers.set("X-Twilio-Email-Event-Webhook-Signature", "bm90IGEgc2lnbmF0dXJl");
    expect(adapter.verifyWebhook!(request, config, NOW)).toBe(false);
    expect(adapter.verifyWebhook!(signedRequest(keys, body, "soon"), config, NOW)).toBe(false);
  });

  it("refuses a timestamp older than 10 minutes or more than 5 minutes ahead, and takes one within", () => {
    const at = (offsetSeconds: number) => signedRequest(keys, body, String(nowSeconds + offsetSeconds));
    expect(adapter.verifyWebhook!(at(-601), config, NOW)).toBe(false);
    expect(adapter.verifyWebhook!(at(-599), config, NOW)).toBe(true);
    expect(adapter.verifyWebhook!(at(299), config, NOW)).toBe(true);
    expect(adapter.verifyWebhook!(at(301), config, NOW)).toBe(false);
  });
});

describe("SendGrid webhook events", () => {
  const parse = (events: unknown) => adapter.parseWebhook!({ url: "https://herald.example/x", method: "POST", headers: new Headers(), rawBody: JSON.stringify(events) });
  const base = { email: "sara@example.com", timestamp: nowSeconds, sg_message_id: "Abc123XyZ.filterdrecv-6d8c-1-68A0-0.0", herald_message_id: "msg-1" };
  const at = new Date(nowSeconds * 1000);

  it("maps processed to SENT and delivered to DELIVERED, keyed by sg_event_id and the X-Message-Id", () => {
    expect(parse([{ ...base, event: "processed", sg_event_id: "e1" }, { ...base, event: "delivered", sg_event_id: "e2", response: "250 OK" }])).toEqual([
      { kind: "status", eventKey: "e1", report: { providerMessageId: "Abc123XyZ", status: "SENT", at } },
      { kind: "status", eventKey: "e2", report: { providerMessageId: "Abc123XyZ", status: "DELIVERED", at } },
    ]);
  });

  it("ignores deferred, open, click and events it does not know", () => {
    const ignored = ["deferred", "open", "click", "group_resubscribe", "something_new"].map((event, i) => ({ ...base, event, sg_event_id: `i${i}`, url: "https://x" }));
    expect(parse(ignored)).toEqual([]);
  });

  it("marks a hard bounce undelivered and suppresses the address; a block only undelivered", () => {
    const [hard, blocked] = parse([
      { ...base, event: "bounce", sg_event_id: "b1", type: "bounce", status: "5.1.1", reason: "550 5.1.1 no such user" },
      { ...base, event: "bounce", sg_event_id: "b2", type: "blocked", status: "5.7.1", reason: "550 5.7.1 blocked by policy" },
    ]);
    expect(hard).toEqual({
      kind: "status",
      eventKey: "b1",
      report: { providerMessageId: "Abc123XyZ", status: "UNDELIVERED", at, errorCode: "5.1.1", errorMessage: "550 5.1.1 no such user" },
      suppress: { address: "sara@example.com", reason: "hard_bounce" },
    });
    expect(blocked).toEqual({
      kind: "status",
      eventKey: "b2",
      report: { providerMessageId: "Abc123XyZ", status: "UNDELIVERED", at, errorCode: "5.7.1", errorMessage: "550 5.7.1 blocked by policy" },
    });
  });

  it("fails a dropped message, suppressing the address when SendGrid's lists are the reason", () => {
    const dropped = (reason: string, id: string) => ({ ...base, event: "dropped", sg_event_id: id, reason, status: "5.0.0" });
    const events = parse([
      dropped("Unsubscribed Address", "d1"),
      dropped("Bounced Address", "d2"),
      dropped("Spam Reporting Address", "d3"),
      dropped("Invalid SMTPAPI header", "d4"),
    ]);
    expect(events.map((e) => (e.kind === "status" ? [e.report.status, e.suppress?.reason ?? null] : null))).toEqual([
      ["FAILED", "provider_unsubscribed"],
      ["FAILED", "hard_bounce"],
      ["FAILED", "complaint"],
      ["FAILED", null],
    ]);
    expect(events[0]).toMatchObject({ report: { errorCode: "5.0.0", errorMessage: "Unsubscribed Address" } });
  });

  it("suppresses on spam reports and unsubscribes", () => {
    expect(
      parse([
        { ...base, event: "spamreport", sg_event_id: "s1" },
        { ...base, event: "unsubscribe", sg_event_id: "u1" },
        { email: "omar@example.com", timestamp: nowSeconds, event: "group_unsubscribe", sg_event_id: "u2", asm_group_id: 7 },
      ]),
    ).toEqual([
      { kind: "suppress", eventKey: "s1", address: "sara@example.com", reason: "complaint", providerMessageId: "Abc123XyZ" },
      { kind: "suppress", eventKey: "u1", address: "sara@example.com", reason: "provider_unsubscribed", providerMessageId: "Abc123XyZ" },
      { kind: "suppress", eventKey: "u2", address: "omar@example.com", reason: "provider_unsubscribed" },
    ]);
  });

  it("keys an event without sg_event_id by its content, the same for a repeat", () => {
    const event = { ...base, event: "delivered" };
    const [first] = parse([event]);
    const [again] = parse([event]);
    expect(first!.eventKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again!.eventKey).toBe(first!.eventKey);
  });

  it("throws on a body that is not an array of events, or on a tracked event missing its fields", () => {
    const raw = (rawBody: string) => () => adapter.parseWebhook!({ url: "https://herald.example/x", method: "POST", headers: new Headers(), rawBody });
    expect(raw("not json")).toThrow(/JSON array/);
    expect(raw('{"event":"delivered"}')).toThrow(/array of events/);
    expect(raw("[1]")).toThrow(/array of events/);
    expect(raw('[{"email":"a@b.c"}]')).toThrow(/event/);
    expect(raw(JSON.stringify([{ event: "delivered", email: "a@b.c", timestamp: "yesterday" }]))).toThrow(/event 0 \(delivered\) is malformed/);
    expect(raw("[]")()).toEqual([]);
  });
});

describe("SendGrid status table", () => {
  it("maps each tracked event as documented", () => {
    expect(SENDGRID_EVENT_MAPPING).toEqual({
      processed: { status: "SENT", suppress: null },
      deferred: { status: null, suppress: null },
      delivered: { status: "DELIVERED", suppress: null },
      bounce: { status: "UNDELIVERED", suppress: "hard_bounce" },
      dropped: { status: "FAILED", suppress: null },
      spamreport: { status: null, suppress: "complaint" },
      unsubscribe: { status: null, suppress: "provider_unsubscribed" },
      group_unsubscribe: { status: null, suppress: "provider_unsubscribed" },
    });
    expect(mapSendGridEvent({ event: "bounce", type: "blocked" })).toEqual({ status: "UNDELIVERED", suppress: null });
    expect(mapSendGridEvent({ event: "dropped", reason: "unsubscribed address" })).toEqual({ status: "FAILED", suppress: "provider_unsubscribed" });
    expect(mapSendGridEvent({ event: "open" })).toBeNull();
    expect(mapSendGridEvent({ event: "toString" })).toBeNull();
  });
});
