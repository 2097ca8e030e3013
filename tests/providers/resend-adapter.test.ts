import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LATE_DELIVERY_MS } from "../../simulator/outcomes";
import type { TSimulator } from "../../simulator/server";
import { adapterContext } from "../helpers/adapter-context";
import type { TResendConfig } from "@/server/providers/resend/resend-config";
import { resendEmailAdapter as adapter } from "@/server/providers/resend/resend.provider";
import type { TAdapterContext, TClassifiedError } from "@/server/providers/types";
import { emailMessage, nonConformingRequests, resendConfig, startResendSimulator } from "./resend-support";

let sim: TSimulator;
let config: TResendConfig;
let context: () => TAdapterContext;

beforeAll(async () => {
  sim = await startResendSimulator();
  config = resendConfig();
  context = () => adapterContext({ baseUrl: sim.urlFor("resend"), webhookUrl: "https://herald.example/api/webhooks/resend/acct-1" });
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  // Request conformance: everything the adapter sent during this file, against the schemas.
  const { checked, problems } = nonConformingRequests(sim);
  await sim.close();
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(10);
});

/** The classified failure of a call that must fail. */
async function failureOf(call: Promise<unknown>): Promise<TClassifiedError> {
  const error = await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  return adapter.classifyError(error);
}

describe("resend send", () => {
  it("sends through the simulator with the message id as a tag and gets a UUID", async () => {
    const message = emailMessage("sara@example.com");
    const accepted = await adapter.send(message, config, context());
    expect(accepted).toEqual({ providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "SENT" });
    expect(sim.ledger.acceptedSends(message.messageId)).toBe(1);
    const [entry] = sim.ledger.query({ heraldMessageId: message.messageId });
    expect(JSON.parse(entry!.rawBody)).toMatchObject({
      from: config.from,
      to: ["sara@example.com"],
      subject: message.subject,
      html: message.html,
      text: message.text,
      tags: [
        { name: "message_id", value: message.messageId },
        { name: "trigger", value: "REPORT_READY" },
      ],
    });
  });

  it("sends replyTo and a text-only email", async () => {
    const message = emailMessage("sara@example.com", { html: null });
    await adapter.send(message, { ...config, replyTo: "reception@lab.example" }, context());
    const body = JSON.parse(sim.ledger.query({ heraldMessageId: message.messageId })[0]!.rawBody) as Record<string, unknown>;
    expect(body).toMatchObject({ reply_to: "reception@lab.example", text: message.text });
    expect(body).not.toHaveProperty("html");
  });

  it("is idempotent per Herald message: a repeated send gets the first id and sends nothing", async () => {
    const message = emailMessage("sara@example.com");
    const first = await adapter.send(message, config, context());
    const again = await adapter.send(message, config, context());
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(sim.ledger.acceptedSends(message.messageId)).toBe(1);
  });

  it("uses the context's base URL, never RESEND_BASE_URL from the environment", async () => {
    const previous = process.env.RESEND_BASE_URL;
    process.env.RESEND_BASE_URL = "http://127.0.0.1:9/nowhere";
    try {
      const other = resendConfig();
      const message = emailMessage("sara@example.com");
      await expect(adapter.send(message, other, context())).resolves.toMatchObject({ status: "SENT" });
    } finally {
      if (previous === undefined) delete process.env.RESEND_BASE_URL;
      else process.env.RESEND_BASE_URL = previous;
    }
  });
});

describe("resend batch send", () => {
  it("sends several emails in one call, answered in order, each counted once", async () => {
    const messages = ["a@example.com", "b@example.com", "c@example.com"].map((to) => emailMessage(to));
    const accepted = await adapter.sendBatch!(messages, config, context());
    expect(accepted).toHaveLength(3);
    const batch = sim.ledger.query({ operation: "send_batch" }).at(-1)!;
    expect((JSON.parse(batch.rawBody) as { to: string[] }[]).map((e) => e.to[0])).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
    for (const [index, message] of messages.entries()) {
      expect(sim.ledger.acceptedSends(message.messageId)).toBe(1);
      const status = await adapter.fetchStatus!(accepted[index]!.providerMessageId, config, context());
      expect(status?.providerMessageId).toBe(accepted[index]!.providerMessageId);
    }
  });

  it("dedupes a retried batch of the same messages, and treats a batch of other messages as new", async () => {
    const messages = ["d@example.com", "e@example.com"].map((to) => emailMessage(to));
    const first = await adapter.sendBatch!(messages, config, context());
    const retried = await adapter.sendBatch!(messages, config, context());
    expect(retried).toEqual(first);
    for (const message of messages) expect(sim.ledger.acceptedSends(message.messageId)).toBe(1);
    // Another composition is another key: Resend sends the one already sent again (see the README).
    const changed = await adapter.sendBatch!([messages[0]!, emailMessage("f@example.com")], config, context());
    expect(changed[0]!.providerMessageId).not.toBe(first[0]!.providerMessageId);
    expect(sim.ledger.acceptedSends(messages[0]!.messageId)).toBe(2);
  });

  it("sends a batch of one as a single email, keyed by its message id", async () => {
    const message = emailMessage("g@example.com");
    const [accepted] = await adapter.sendBatch!([message], config, context());
    expect(await adapter.send(message, config, context())).toEqual(accepted);
    expect(sim.ledger.query({ heraldMessageId: message.messageId }).map((e) => e.operation)).toEqual(["send"]);
    expect(await adapter.sendBatch!([], config, context())).toEqual([]);
  });

  it("fails a whole batch that Resend refuses for one bad email, without blaming one address for all", async () => {
    const messages = [emailMessage("h@example.com"), emailMessage("invalid@example.com")];
    expect(await failureOf(adapter.sendBatch!(messages, config, context()))).toMatchObject({
      kind: "permanent",
      scope: "recipient",
      code: "batch_rejected",
      httpStatus: 422,
      providerCode: "validation_error",
    });
    expect(sim.ledger.acceptedSends(messages[0]!.messageId)).toBe(0);
  });

  it("refuses more than 100 emails before calling Resend", async () => {
    const messages = Array.from({ length: 101 }, (_, i) => emailMessage(`p${i}@example.com`));
    const before = sim.ledger.stats().requests;
    expect(await failureOf(adapter.sendBatch!(messages, config, context()))).toMatchObject({ kind: "permanent", code: "batch_too_large" });
    expect(sim.ledger.stats().requests).toBe(before);
  });
});

describe("resend status lookup", () => {
  const statusOf = async (to: string) => {
    const { providerMessageId } = await adapter.send(emailMessage(to), config, context());
    return adapter.fetchStatus!(providerMessageId, config, context());
  };

  it("maps last_event per outcome", async () => {
    expect(await statusOf("sara@example.com")).toMatchObject({ status: "DELIVERED" });
    expect(await statusOf("bounce@example.com")).toMatchObject({ status: "UNDELIVERED" });
    expect(await statusOf("transient@example.com")).toMatchObject({ status: "DELIVERED" });
    expect(await statusOf("complaint@example.com")).toMatchObject({ status: "DELIVERED" });
    // Resend accepts a suppressed address and reports it suppressed instead of sending.
    expect(await statusOf("unsubscribed@example.com")).toMatchObject({ status: "FAILED" });
  });

  it("shows a late email SENT, then DELIVERED once the simulator has delivered it", async () => {
    const { providerMessageId } = await adapter.send(emailMessage("late@example.com"), config, context());
    expect(await adapter.fetchStatus!(providerMessageId, config, context())).toMatchObject({ providerMessageId, status: "SENT" });
    await new Promise((resolve) => setTimeout(resolve, LATE_DELIVERY_MS + 100));
    expect(await adapter.fetchStatus!(providerMessageId, config, context())).toMatchObject({ providerMessageId, status: "DELIVERED" });
  });

  it("answers null for an id Resend does not know, including another account's", async () => {
    expect(await adapter.fetchStatus!("00000000-0000-4000-8000-000000000000", config, context())).toBeNull();
    const { providerMessageId } = await adapter.send(emailMessage("sara@example.com"), config, context());
    expect(await adapter.fetchStatus!(providerMessageId, resendConfig(), context())).toBeNull();
  });

  it("throws a classified error when the lookup itself fails", async () => {
    sim.faults.add([{ provider: "resend", operation: "status", errors: [{ rate: 1, status: 500 }] }]);
    expect(await failureOf(adapter.fetchStatus!("00000000-0000-4000-8000-000000000000", config, context()))).toMatchObject({ kind: "retryable", code: "provider_unavailable" });
  });
});

describe("resend errors", () => {
  const send = (to = "sara@example.com", overrides: Partial<TAdapterContext> = {}, cfg = config) => adapter.send(emailMessage(to), cfg, { ...context(), ...overrides });

  it("refuses an invalid address for good, for this recipient only", async () => {
    expect(await failureOf(send("invalid@example.com"))).toMatchObject({ kind: "permanent", scope: "recipient", code: "invalid_address", httpStatus: 422, providerCode: "validation_error" });
  });

  it("retries a 5xx and a provider that is down", async () => {
    sim.faults.add([{ provider: "resend", errors: [{ rate: 1, status: 500, code: "internal_server_error" }], times: 1 }]);
    expect(await failureOf(send())).toMatchObject({ kind: "retryable", scope: "account", code: "provider_unavailable", httpStatus: 500, providerCode: "internal_server_error" });
    sim.faults.add([{ provider: "resend", down: true }]);
    expect(await failureOf(send())).toMatchObject({ kind: "retryable", code: "provider_unavailable", httpStatus: 503 });
  });

  it("honours Retry-After on a 429", async () => {
    sim.faults.add([{ provider: "resend", rateLimit: { rate: 1, retryAfterSeconds: 7 } }]);
    expect(await failureOf(send())).toMatchObject({ kind: "retryable", scope: "account", code: "rate_limited", httpStatus: 429, retryAfterMs: 7_000, providerCode: "rate_limit_exceeded" });
  });

  it("fails over on a daily quota rather than waiting hours for it", async () => {
    sim.faults.add([{ provider: "resend", errors: [{ rate: 1, status: 429, code: "daily_quota_exceeded", message: "You have reached your daily email sending quota." }] }]);
    expect(await failureOf(send())).toMatchObject({ kind: "permanent", scope: "account", code: "quota_exceeded" });
  });

  it("classifies an abort by the context's signal as a retryable timeout", async () => {
    sim.faults.add([{ provider: "resend", timeoutRate: 1 }]);
    expect(await failureOf(send("sara@example.com", { signal: AbortSignal.timeout(150) }))).toMatchObject({ kind: "retryable", scope: "account", code: "timeout" });
  });

  it("retries a dropped connection as a network error", async () => {
    sim.faults.add([{ provider: "resend", dropRate: 1 }]);
    expect(await failureOf(send())).toMatchObject({ kind: "retryable", scope: "account", code: "network_error" });
  });

  it("fails the account over on bad credentials (a disabled key) and on an unverified sending domain", async () => {
    const disabled = resendConfig();
    sim.accounts.register({ provider: "resend", id: disabled.apiKey, disabled: true });
    expect(await failureOf(send("sara@example.com", {}, disabled))).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials", httpStatus: 403, providerCode: "invalid_api_key" });
    sim.faults.add([{ provider: "resend", errors: [{ rate: 1, status: 403, code: "validation_error", message: "The herald.example domain is not verified." }] }]);
    expect(await failureOf(send())).toMatchObject({ kind: "permanent", scope: "account", code: "sender_not_allowed" });
  });

  it("waits for a concurrent request with the same key, and never resends under a key Resend holds for another body", async () => {
    sim.faults.add([{ provider: "resend", times: 1, errors: [{ rate: 1, status: 409, code: "concurrent_idempotent_requests" }] }]);
    expect(await failureOf(send())).toMatchObject({ kind: "retryable", code: "idempotency_in_progress", httpStatus: 409 });
    const message = emailMessage("sara@example.com");
    await adapter.send(message, config, context());
    const changed = adapter.send({ ...message, subject: "Another subject" }, config, context());
    expect(await failureOf(changed)).toMatchObject({ kind: "permanent", scope: "recipient", code: "idempotency_conflict", providerCode: "invalid_idempotent_request" });
    expect(sim.ledger.acceptedSends(message.messageId)).toBe(1);
  });

  it("keeps credentials out of error messages, even when Resend echoes them", async () => {
    sim.faults.add([{ provider: "resend", errors: [{ rate: 1, status: 400, code: "validation_error", message: `bad key ${config.apiKey} and ${config.webhookSecret}` }] }]);
    const error = (await send().then(
      () => new Error("expected the send to fail"),
      (e: unknown) => e,
    )) as Error;
    const classified = adapter.classifyError(error);
    for (const text of [error.message, classified.message, JSON.stringify(classified)]) {
      expect(text).not.toContain(config.apiKey);
      expect(text).not.toContain(config.webhookSecret);
    }
    expect(classified).toMatchObject({ kind: "permanent", scope: "recipient", code: "rejected", httpStatus: 400 });
  });

  it("classifies what is thrown outside Resend's answers as the common classifier does", () => {
    expect(adapter.classifyError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toMatchObject({ kind: "retryable", code: "network_error" });
    expect(adapter.classifyError(new Error("something odd"))).toMatchObject({ kind: "retryable", code: "provider_error" });
  });
});
