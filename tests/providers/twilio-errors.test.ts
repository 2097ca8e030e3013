import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { TFaultRule } from "../../simulator/faults";
import { retryAfterMs } from "@/server/providers/twilio/twilio-client";
import { ProviderError } from "@/server/providers/provider-error";
import { ACCOUNT_SID, AUTH_TOKEN, itSentOnlyConformingRequests, sms, smsMessage, twilioConfig, useTwilioHarness, whatsApp, whatsAppMessage } from "./twilio-helpers";

describe("Twilio adapter: failures against the simulator, classified", () => {
  const h = useTwilioHarness();

  async function failure(to = "+966501234567", overrides: Parameters<typeof h.context>[0] = {}): Promise<unknown> {
    return sms.send(smsMessage(to), twilioConfig(), h.context(overrides)).then(
      () => expect.fail("expected the send to fail"),
      (error: unknown) => error,
    );
  }
  const fault = (rule: Omit<TFaultRule, "provider">) => h.sim.faults.add([{ provider: "twilio", times: 1, ...rule }]);

  it("refuses an invalid number for good, for this recipient only", async () => {
    expect(sms.classifyError(await failure("+966500000000"))).toMatchObject({
      kind: "permanent",
      scope: "recipient",
      code: "invalid_number",
      providerCode: "21211",
      httpStatus: 400,
      message: expect.stringContaining("not a valid phone number"),
    });
  });

  it("refuses a recipient who replied STOP, and asks for the number to be suppressed", async () => {
    expect(sms.classifyError(await failure("+966500000001"))).toMatchObject({
      kind: "permanent",
      scope: "recipient",
      code: "unsubscribed",
      providerCode: "21610",
      suppress: "provider_unsubscribed",
    });
  });

  it.each([
    ["21614", 400, { kind: "permanent", scope: "recipient", code: "not_mobile" }],
    ["63016", 400, { kind: "permanent", scope: "recipient", code: "template_required" }],
    ["21606", 400, { kind: "permanent", scope: "account", code: "invalid_sender" }],
    ["21212", 400, { kind: "permanent", scope: "account", code: "invalid_sender" }],
    ["20003", 401, { kind: "permanent", scope: "account", code: "bad_credentials" }],
    ["20429", 429, { kind: "retryable", scope: "account", code: "rate_limited" }],
    ["20500", 500, { kind: "retryable", scope: "account", code: "provider_unavailable" }],
  ] as const)("classifies Twilio error %s (HTTP %s)", async (code, status, expected) => {
    fault({ errors: [{ rate: 1, status, code }] });
    expect(sms.classifyError(await failure())).toMatchObject({ ...expected, providerCode: code, httpStatus: status });
  });

  it("retries a server error", async () => {
    fault({ errors: [{ rate: 1, status: 502 }] });
    expect(sms.classifyError(await failure())).toMatchObject({ kind: "retryable", scope: "account", code: "provider_unavailable", httpStatus: 502 });
  });

  it("retries a 429 after the Retry-After Twilio gives", async () => {
    fault({ rateLimit: { rate: 1, retryAfterSeconds: 7 } });
    expect(sms.classifyError(await failure())).toMatchObject({ kind: "retryable", code: "rate_limited", httpStatus: 429, retryAfterMs: 7_000, providerCode: "20429" });
  });

  it("reads Retry-After in seconds or as an HTTP date", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs({ "retry-after": "3" }, now)).toBe(3_000);
    expect(retryAfterMs({ "retry-after": "Wed, 01 Jan 2025 00:00:10 GMT" }, now)).toBe(10_000);
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });

  it("gives up on a call that gets no answer when the context's signal aborts, and retries it", async () => {
    fault({ timeoutRate: 1 });
    const error = await failure(undefined, { signal: AbortSignal.timeout(150) });
    expect(sms.classifyError(error)).toMatchObject({ kind: "retryable", scope: "account", code: "timeout", providerCode: "ERR_CANCELED" });
    expect(h.sim.ledger.query({ operation: "send" }).at(-1)).toMatchObject({ fault: "timeout" });
  });

  it("does not call at all with an already aborted signal", async () => {
    const before = h.sim.ledger.query().length;
    const error = await failure(undefined, { signal: AbortSignal.abort() });
    expect(sms.classifyError(error)).toMatchObject({ kind: "retryable", code: "timeout" });
    expect(h.sim.ledger.query()).toHaveLength(before);
  });

  it("retries a dropped connection", async () => {
    fault({ dropRate: 1 });
    expect(sms.classifyError(await failure())).toMatchObject({ kind: "retryable", scope: "account", code: "network_error" });
  });

  it("retries while the provider is down", async () => {
    fault({ down: true });
    expect(sms.classifyError(await failure())).toMatchObject({ kind: "retryable", scope: "account", code: "provider_unavailable", httpStatus: 503 });
  });

  it("fails over on bad credentials (a disabled account), without a secret in the error", async () => {
    h.sim.accounts.register({ provider: "twilio", id: ACCOUNT_SID, secret: AUTH_TOKEN, disabled: true });
    const error = await failure();
    const classified = sms.classifyError(error);
    expect(classified).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials", providerCode: "20003", httpStatus: 401 });
    const basic = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64");
    for (const text of [JSON.stringify(classified), inspect(error, { depth: 10, showHidden: true }), (error as Error).message, (error as Error).stack ?? ""]) {
      expect(text).not.toContain(AUTH_TOKEN);
      expect(text).not.toContain(basic);
    }
  });

  it("keeps secrets out of network errors too", async () => {
    const error = await failure(undefined, { baseUrl: "http://127.0.0.1:1" });
    expect(sms.classifyError(error)).toMatchObject({ kind: "retryable", code: "network_error", providerCode: "ECONNREFUSED" });
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(AUTH_TOKEN);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64"));
  });

  it("classifies a failed status lookup the same way", async () => {
    fault({ operation: "status", errors: [{ rate: 1, status: 401, code: "20003" }] });
    const error = await whatsApp.fetchStatus!(`SM${"a".repeat(32)}`, twilioConfig({}, "WHATSAPP"), h.context()).catch((e: unknown) => e);
    expect(whatsApp.classifyError(error)).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials" });
  });

  it("classifies its own refusals and unknown failures", () => {
    const own = new ProviderError({ kind: "permanent", scope: "account", code: "content_sid_required", message: "no ContentSid" });
    expect(whatsApp.classifyError(own)).toMatchObject({ kind: "permanent", scope: "account", code: "content_sid_required" });
    expect(whatsApp.classifyError(new Error("something odd"))).toMatchObject({ kind: "retryable", code: "provider_error" });
  });

  it("refuses WhatsApp text to an invalid number like SMS", async () => {
    const error = await whatsApp.send(whatsAppMessage("+966500000000", { body: "hi" }), twilioConfig({}, "WHATSAPP"), h.context()).catch((e: unknown) => e);
    expect(whatsApp.classifyError(error)).toMatchObject({ kind: "permanent", scope: "recipient", code: "invalid_number" });
  });

  itSentOnlyConformingRequests(h);
});
