// Config, status table, error table and request shaping of the Resend adapter, without a network.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isSenderAddress, ZResendConfig } from "@/server/providers/resend/resend-config";
import { batchIdempotencyKey, tagValue, toResendEmail } from "@/server/providers/resend/resend-email";
import { classifyResendFailure, retryAfterMsOf } from "@/server/providers/resend/resend-errors";
import { RESEND_LAST_EVENTS, RESEND_STATUS_BY_LAST_EVENT, statusOfLastEvent } from "@/server/providers/resend/resend-statuses";
import { resendEmailAdapter as adapter } from "@/server/providers/resend/resend.provider";
import { emailMessage, resendConfig, resendSchemas } from "./resend-support";

describe("resend config", () => {
  it("takes a key, a sender, an optional reply-to and the webhook secret", () => {
    const config = resendConfig({ from: "lab@herald.example", replyTo: "desk@herald.example" });
    expect(ZResendConfig.parse(config)).toEqual(config);
    expect(adapter.secretFields).toEqual(["apiKey", "webhookSecret"]);
    expect(adapter.idempotent).toBe(true);
  });

  it("names the field and what was expected, without echoing a secret", () => {
    const bad = { apiKey: "sk_live_secretvalue", from: "Lab", webhookSecret: "secretvalue", replyTo: "desk" };
    const parsed = ZResendConfig.safeParse(bad);
    expect(parsed.success).toBe(false);
    const text = z.prettifyError(parsed.error!);
    expect(text).toContain("apiKey: expected a Resend API key starting with re_");
    expect(text).toContain("from: expected a sender address");
    expect(text).toContain("replyTo: expected an email address");
    expect(text).toContain("webhookSecret: expected the webhook's signing secret starting with whsec_");
    expect(text).not.toContain("secretvalue");
    expect(ZResendConfig.safeParse({ ...resendConfig(), extra: 1 }).success).toBe(false);
  });

  it("accepts the two sender forms Resend takes", () => {
    expect(isSenderAddress("lab@herald.example")).toBe(true);
    expect(isSenderAddress("Al Noor Lab <lab@herald.example>")).toBe(true);
    expect(isSenderAddress("lab@herald")).toBe(false);
    expect(isSenderAddress("Lab <lab@herald.example")).toBe(false);
  });
});

describe("resend status table", () => {
  it("maps every last_event Resend documents", () => {
    expect(Object.keys(RESEND_STATUS_BY_LAST_EVENT).sort()).toEqual([...RESEND_LAST_EVENTS].sort());
    expect(RESEND_STATUS_BY_LAST_EVENT).toEqual({
      scheduled: null,
      queued: null,
      sent: "SENT",
      delivery_delayed: "SENT",
      delivered: "DELIVERED",
      opened: "DELIVERED",
      clicked: "DELIVERED",
      complained: "DELIVERED",
      bounced: "UNDELIVERED",
      failed: "FAILED",
      suppressed: "FAILED",
      canceled: "FAILED",
    });
    expect(statusOfLastEvent("something_new")).toBeNull();
    expect(statusOfLastEvent("toString")).toBeNull();
  });
});

describe("resend error table", () => {
  const classify = (statusCode: number | null, name: string, extra: Partial<Parameters<typeof classifyResendFailure>[0]> = {}) => {
    const { kind, scope, code } = classifyResendFailure({ statusCode, name, message: extra.message ?? "x", ...extra });
    return `${kind}/${scope}/${code}`;
  };

  it("decides each Resend error", () => {
    expect(classify(422, "validation_error", { message: "Invalid `to` field." })).toBe("permanent/recipient/invalid_address");
    expect(classify(422, "validation_error", { message: "Invalid `from` field." })).toBe("permanent/account/invalid_sender");
    expect(classify(422, "invalid_from_address")).toBe("permanent/account/invalid_sender");
    expect(classify(422, "missing_required_field", { message: "Missing `to` field." })).toBe("permanent/recipient/rejected");
    expect(classify(401, "missing_api_key")).toBe("permanent/account/bad_credentials");
    expect(classify(401, "restricted_api_key")).toBe("permanent/account/bad_credentials");
    expect(classify(403, "invalid_api_key")).toBe("permanent/account/bad_credentials");
    expect(classify(401, "validation_error", { message: "API key is invalid" })).toBe("permanent/account/bad_credentials");
    expect(classify(403, "validation_error", { message: "The example.com domain is not verified." })).toBe("permanent/account/sender_not_allowed");
    expect(classify(409, "concurrent_idempotent_requests")).toBe("retryable/account/idempotency_in_progress");
    expect(classify(409, "invalid_idempotent_request")).toBe("permanent/recipient/idempotency_conflict");
    expect(classify(429, "rate_limit_exceeded")).toBe("retryable/account/rate_limited");
    expect(classify(429, "daily_quota_exceeded")).toBe("permanent/account/quota_exceeded");
    expect(classify(429, "monthly_quota_exceeded")).toBe("permanent/account/quota_exceeded");
    expect(classify(451, "security_error")).toBe("permanent/recipient/rejected_content");
    expect(classify(500, "internal_server_error")).toBe("retryable/account/provider_unavailable");
    expect(classify(503, "application_error")).toBe("retryable/account/provider_unavailable");
    expect(classify(null, "application_error")).toBe("retryable/account/network_error");
    expect(classify(null, "application_error", { aborted: true })).toBe("retryable/account/timeout");
    expect(classify(422, "validation_error", { message: "emails[3]: Invalid `to` field.", batch: true })).toBe("permanent/recipient/batch_rejected");
    expect(classify(429, "rate_limit_exceeded", { batch: true })).toBe("retryable/account/rate_limited");
  });

  it("reads Retry-After in seconds or as a date", () => {
    expect(retryAfterMsOf({ "retry-after": "2" })).toBe(2_000);
    expect(retryAfterMsOf({ "retry-after": new Date(10_000).toUTCString() }, 4_000)).toBe(6_000);
    expect(retryAfterMsOf({})).toBeUndefined();
    expect(retryAfterMsOf(null)).toBeUndefined();
  });
});

describe("resend request shaping", () => {
  it("sanitises tags to Resend's characters", () => {
    expect(tagValue("REPORT_READY")).toBe("REPORT_READY");
    expect(tagValue("a.b c/d")).toBe("a_b_c_d");
    expect(tagValue("x".repeat(300))).toHaveLength(256);
    expect(tagValue("")).toBe("_");
  });

  it("builds a request the send schema accepts, and the schema refuses what Resend refuses", () => {
    const { sendEmail } = resendSchemas();
    const email = toResendEmail(emailMessage("sara@example.com", { triggerKey: "weird key!" }), resendConfig({ replyTo: "desk@herald.example" }));
    const wire = { ...email, reply_to: email.replyTo, replyTo: undefined };
    expect(sendEmail(JSON.parse(JSON.stringify(wire)))).toBe(true);
    expect(sendEmail({ from: "lab@herald.example", to: "a@example.com", html: "x" })).toBe(false);
    expect(sendEmail({ from: "lab@herald.example", to: "a@example.com", subject: "s", html: "x", tags: [{ name: "bad name", value: "v" }] })).toBe(false);
    expect(sendEmail({ from: "lab@herald.example", to: "a@example.com", subject: "s" })).toBe(false);
  });

  it("keys a batch by its message ids in order", () => {
    const [a, b] = [emailMessage("a@example.com"), emailMessage("b@example.com")];
    expect(batchIdempotencyKey([a!, b!])).toBe(batchIdempotencyKey([{ ...a! }, { ...b!, subject: "other" }]));
    expect(batchIdempotencyKey([a!, b!])).not.toBe(batchIdempotencyKey([b!, a!]));
    expect(batchIdempotencyKey([a!, b!]).length).toBeLessThanOrEqual(256);
  });
});
