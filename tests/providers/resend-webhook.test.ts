import { createHmac } from "node:crypto";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { resendEmailAdapter as adapter } from "@/server/providers/resend/resend.provider";
import type { TWebhookRequest } from "@/server/providers/types";
import { newWebhookSecret, resendConfig } from "./resend-support";

// Svix's documented scheme, computed here without the svix package: HMAC-SHA256 keyed with the
// base64-decoded part of the secret after "whsec_", over "<svix-id>.<svix-timestamp>.<raw body>".
function svixSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

const secret = newWebhookSecret();
const config = resendConfig({ webhookSecret: secret });
const URL_ = "https://herald.example/api/webhooks/resend/acct-1";

function signedRequest(body: string, options: { id?: string; at?: Date; secret?: string; headers?: Record<string, string | null> } = {}): TWebhookRequest & { headers: Headers } {
  const id = options.id ?? "msg_2bX9kQ";
  const timestamp = Math.floor((options.at ?? new Date()).getTime() / 1000);
  const headers = new Headers({
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(timestamp),
    "svix-signature": svixSignature(options.secret ?? secret, id, timestamp, body),
  });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return { url: URL_, method: "POST", headers, rawBody: body };
}

function event(type: string, data: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type,
    created_at: "2026-03-02T10:15:30.123Z",
    data: { email_id: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c", created_at: "2026-03-02T10:15:29.000Z", from: "Lab <lab@herald.example>", to: ["Sara@Example.com"], subject: "Report", ...data },
  });
}

describe("resend webhook signatures", () => {
  const body = event("email.delivered");

  it("accepts Svix's signature computed independently of the adapter", async () => {
    expect(await adapter.verifyWebhook!(signedRequest(body), config, new Date())).toBe(true);
  });

  it("accepts a header carrying several signatures when one of them matches (secret rotation)", async () => {
    const request = signedRequest(body);
    request.headers.set("svix-signature", `v1,AAAAbm90IHRoZSByaWdodCBvbmU= ${request.headers.get("svix-signature")}`);
    expect(await adapter.verifyWebhook!(request, config, new Date())).toBe(true);
  });

  it("rejects a tampered body, a wrong secret and each missing header", async () => {
    const tampered = { ...signedRequest(body), rawBody: body.replace("email.delivered", "email.bounced") };
    expect(await adapter.verifyWebhook!(tampered, config, new Date())).toBe(false);
    expect(await adapter.verifyWebhook!(signedRequest(body, { secret: newWebhookSecret() }), config, new Date())).toBe(false);
    for (const header of ["svix-id", "svix-timestamp", "svix-signature"]) {
      expect(await adapter.verifyWebhook!(signedRequest(body, { headers: { [header]: null } }), config, new Date())).toBe(false);
    }
  });

  it("accepts what the svix package itself signs, and refuses its signature under another version or with an empty secret", async () => {
    const request = signedRequest(body);
    const at = new Date(Number(request.headers.get("svix-timestamp")) * 1000);
    const official = new Webhook(secret).sign(request.headers.get("svix-id")!, at, body);
    request.headers.set("svix-signature", official);
    expect(await adapter.verifyWebhook!(request, config, new Date())).toBe(true);
    request.headers.set("svix-signature", official.replace(/^v1,/, "v2,"));
    expect(await adapter.verifyWebhook!(request, config, new Date())).toBe(false);
    expect(await adapter.verifyWebhook!(signedRequest(body), resendConfig({ webhookSecret: "whsec_" }), new Date())).toBe(false);
  });

  it("rejects a signature made for another message id", async () => {
    const request = signedRequest(body);
    request.headers.set("svix-id", "msg_other");
    expect(await adapter.verifyWebhook!(request, config, new Date())).toBe(false);
  });

  it("rejects a stale timestamp and one from the future, though correctly signed", async () => {
    const now = new Date();
    const stale = signedRequest(body, { at: new Date(now.getTime() - 6 * 60_000) });
    const future = signedRequest(body, { at: new Date(now.getTime() + 6 * 60_000) });
    expect(await adapter.verifyWebhook!(stale, config, now)).toBe(false);
    expect(await adapter.verifyWebhook!(future, config, now)).toBe(false);
    expect(await adapter.verifyWebhook!(signedRequest(body, { at: new Date(now.getTime() - 4 * 60_000) }), config, now)).toBe(true);
  });

  it("judges freshness by the `now` it is given as well as by the clock", async () => {
    const request = signedRequest(body);
    expect(await adapter.verifyWebhook!(request, config, new Date(Date.now() + 10 * 60_000))).toBe(false);
  });
});

describe("resend webhook events", () => {
  const parse = (body: string, id = "msg_abc") => adapter.parseWebhook!(signedRequest(body, { id }));
  const at = new Date("2026-03-02T10:15:30.123Z");
  const emailId = "4ef9a417-02e9-4d39-ad75-9611e0fcc33c";

  it("reports sent and delivered, keyed by the Svix message id", () => {
    expect(parse(event("email.sent"))).toEqual([{ kind: "status", eventKey: "msg_abc", report: { providerMessageId: emailId, status: "SENT", at } }]);
    expect(parse(event("email.delivered"))).toEqual([{ kind: "status", eventKey: "msg_abc", report: { providerMessageId: emailId, status: "DELIVERED", at } }]);
  });

  it("knows delivery_delayed but reports nothing for it", () => {
    expect(parse(event("email.delivery_delayed"))).toEqual([]);
  });

  it("reports a hard bounce as UNDELIVERED and suppresses each recipient, keys indexed", () => {
    const bounce = { type: "Permanent", subType: "General", message: "user unknown", diagnosticCode: ["smtp; 550 5.1.1"] };
    const events = parse(event("email.bounced", { bounce, to: ["Sara@Example.com", "Ali <ali@example.com>"] }));
    expect(events).toEqual([
      { kind: "status", eventKey: "msg_abc:0", report: { providerMessageId: emailId, status: "UNDELIVERED", at, errorCode: "bounce_permanent_general", errorMessage: "user unknown" } },
      { kind: "suppress", eventKey: "msg_abc:1", address: "sara@example.com", reason: "hard_bounce", providerMessageId: emailId },
      { kind: "suppress", eventKey: "msg_abc:2", address: "ali@example.com", reason: "hard_bounce", providerMessageId: emailId },
    ]);
  });

  it("does not suppress after a transient bounce", () => {
    const bounce = { type: "Transient", subType: "MailboxFull", message: "mailbox full", diagnosticCode: [] };
    expect(parse(event("email.bounced", { bounce }))).toEqual([
      { kind: "status", eventKey: "msg_abc", report: { providerMessageId: emailId, status: "UNDELIVERED", at, errorCode: "bounce_transient_mailboxfull", errorMessage: "mailbox full" } },
    ]);
  });

  it("suppresses a complaint without moving the status back from DELIVERED", () => {
    const events = parse(event("email.complained"));
    expect(events).toEqual([
      { kind: "status", eventKey: "msg_abc:0", report: { providerMessageId: emailId, status: "DELIVERED", at } },
      { kind: "suppress", eventKey: "msg_abc:1", address: "sara@example.com", reason: "complaint", providerMessageId: emailId },
    ]);
  });

  it("reports failed with Resend's reason, and suppressed as FAILED plus a provider suppression", () => {
    expect(parse(event("email.failed", { failed: { reason: "reached_daily_quota" } }))).toEqual([
      { kind: "status", eventKey: "msg_abc", report: { providerMessageId: emailId, status: "FAILED", at, errorCode: "reached_daily_quota" } },
    ]);
    const suppressed = { type: "OnAccountSuppressionList", reason: "previous_bounce", message: "on the list", diagnosticCode: [] };
    expect(parse(event("email.suppressed", { suppressed }))).toEqual([
      { kind: "status", eventKey: "msg_abc:0", report: { providerMessageId: emailId, status: "FAILED", at, errorCode: "suppressed_previous_bounce", errorMessage: "on the list" } },
      { kind: "suppress", eventKey: "msg_abc:1", address: "sara@example.com", reason: "provider_unsubscribed", providerMessageId: emailId },
    ]);
  });

  it("ignores opens, clicks, scheduling, other resources and unknown event types", () => {
    for (const type of ["email.opened", "email.clicked", "email.scheduled", "contact.created", "domain.updated", "email.something_new"]) {
      expect(parse(event(type, { click: { link: "https://x.example" } })), type).toEqual([]);
    }
  });

  it("throws on a body that is not a Resend event", () => {
    expect(() => parse("not json")).toThrow(/not JSON/);
    expect(() => parse(JSON.stringify({ type: "email.sent" }))).toThrow(/not a Resend event/);
    expect(() => parse(JSON.stringify({ type: "email.sent", created_at: "2026-03-02T10:15:30Z", data: { to: ["a@b.co"] } }))).toThrow(/email_id/);
    expect(() => parse(JSON.stringify({ type: "email.sent", created_at: "yesterday", data: { email_id: "x", to: ["a@b.co"] } }))).toThrow(/created_at/);
    expect(() => adapter.parseWebhook!({ ...signedRequest(event("email.sent")), headers: new Headers() })).toThrow(/svix-id/);
  });
});
