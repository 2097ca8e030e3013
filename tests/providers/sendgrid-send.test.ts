// The SendGrid adapter against the simulator, through the official client: sends and each class of failure.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TSimulator } from "../../simulator/server";
import { adapterContext } from "../helpers/adapter-context";
import { emailMessage } from "../helpers/email-message";
import { newApiKey, nonConformingRequests, sendgridConfig, startSendGridSimulator } from "./sendgrid-support";
import { sendgridEmailAdapter as adapter } from "@/server/providers/sendgrid/sendgrid.provider";
import type { TClassifiedError } from "@/server/providers/types";

describe("SendGrid adapter against the simulator", () => {
  let sim: TSimulator;
  let baseUrl: string;
  beforeAll(async () => {
    sim = await startSendGridSimulator();
    baseUrl = sim.urlFor("sendgrid");
  });
  afterEach(() => sim.faults.clear());
  afterAll(() => sim.close());

  const context = (overrides = {}) => adapterContext({ baseUrl, webhookUrl: "https://herald.example/api/webhooks/sendgrid/acct-1", ...overrides });

  /** The failure of a send, classified by the adapter, checked not to carry the API key anywhere. */
  async function failureOf(send: Promise<unknown>, apiKey: string): Promise<TClassifiedError> {
    const error = await send.then(
      () => expect.fail("expected the send to fail"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).cause).toBeUndefined();
    const classified = adapter.classifyError(error);
    expect(JSON.stringify(classified)).not.toContain(apiKey);
    expect((error as Error).message).not.toContain(apiKey);
    return classified;
  }

  it("sends one email and returns SendGrid's X-Message-Id", async () => {
    const config = sendgridConfig({ replyTo: "help@lab.example" });
    const message = emailMessage("sara@example.com");
    const accepted = await adapter.send(message, config, context());
    expect(accepted.status).toBe("SENT");
    expect(accepted.providerMessageId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const [entry] = sim.ledger.query({ provider: "sendgrid", heraldMessageId: message.messageId });
    expect(entry).toMatchObject({ operation: "send", httpStatus: 202, account: config.apiKey, providerMessageId: accepted.providerMessageId });
    expect(JSON.parse(entry!.rawBody)).toEqual({
      personalizations: [{ to: [{ email: "sara@example.com" }], custom_args: { herald_message_id: message.messageId, herald_trigger: "REPORT_READY" } }],
      from: { email: "reports@lab.example", name: "Herald Lab" },
      reply_to: { email: "help@lab.example" },
      subject: "Your report is ready",
      content: [
        { type: "text/plain", value: "Your report is ready." },
        { type: "text/html", value: "<p>Your report is ready.</p>" },
      ],
    });
    expect(sim.ledger.acceptedSends(message.messageId)).toBe(1);
  });

  it("sends an HTML-only email without an empty text part, and with each account's own key", async () => {
    const first = sendgridConfig({ fromName: undefined });
    const second = sendgridConfig();
    const htmlOnly = emailMessage("omar@example.com", { text: null });
    await adapter.send(htmlOnly, first, context());
    await adapter.send(emailMessage("omar@example.com"), second, context());
    const entries = sim.ledger.query({ provider: "sendgrid", operation: "send" }).slice(-2);
    expect(entries.map((e) => e.account)).toEqual([first.apiKey, second.apiKey]);
    const body = JSON.parse(entries[0]!.rawBody) as { content: unknown; from: unknown };
    expect(body.content).toEqual([{ type: "text/html", value: "<p>Your report is ready.</p>" }]);
    expect(body.from).toEqual({ email: "reports@lab.example" });
  });

  it("refuses an email with neither text nor HTML without calling SendGrid", async () => {
    const config = sendgridConfig();
    const before = sim.ledger.stats().requests;
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com", { text: null, html: null }), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "permanent", scope: "recipient", code: "rejected" });
    expect(sim.ledger.stats().requests).toBe(before);
  });

  it("classifies an invalid address as a permanent recipient error naming SendGrid's field", async () => {
    const config = sendgridConfig();
    const failure = await failureOf(adapter.send(emailMessage("invalid@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "permanent", scope: "recipient", code: "invalid_address", httpStatus: 400, providerCode: "personalizations.0.to.0.email" });
    expect(failure.message).toContain("Does not contain a valid address.");
  });

  it("accepts an unsubscribed address as SendGrid does (it drops it afterwards, by event)", async () => {
    const accepted = await adapter.send(emailMessage("unsubscribed@example.com"), sendgridConfig(), context());
    expect(accepted.status).toBe("SENT");
  });

  it("classifies a sender that is not a verified Sender Identity as the account's problem", async () => {
    const config = sendgridConfig({ from: "unverified@lab.example" });
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "permanent", scope: "account", code: "sender_not_verified", httpStatus: 403, providerCode: "from" });
  });

  it("classifies a disabled account's 401 as bad credentials, without the key in the message", async () => {
    const config = sendgridConfig();
    sim.accounts.register({ provider: "sendgrid", id: config.apiKey, disabled: true });
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials", httpStatus: 401 });
    expect(failure.message).toContain("The provided authorization grant is invalid, expired, or revoked");
  });

  it("retries a 5xx", async () => {
    const config = sendgridConfig();
    sim.faults.add([{ provider: "sendgrid", account: config.apiKey, operation: "send", errors: [{ rate: 1, status: 500, message: "Internal Server Error" }] }]);
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "retryable", scope: "account", code: "provider_unavailable", httpStatus: 500 });
  });

  it("retries a 429 after the Retry-After SendGrid asked for", async () => {
    const config = sendgridConfig();
    sim.faults.add([{ provider: "sendgrid", account: config.apiKey, rateLimit: { rate: 1, retryAfterSeconds: 7 } }]);
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "retryable", scope: "account", code: "rate_limited", httpStatus: 429, retryAfterMs: 7_000 });
  });

  it("refuses a message over SendGrid's size limit for good", async () => {
    const config = sendgridConfig();
    sim.faults.add([{ provider: "sendgrid", account: config.apiKey, errors: [{ rate: 1, status: 413, message: "Payload Too Large" }] }]);
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "permanent", scope: "recipient", code: "too_large", httpStatus: 413 });
  });

  it("gives up on an unanswered call when the context's signal aborts, as a retryable timeout", async () => {
    const config = sendgridConfig();
    sim.faults.add([{ provider: "sendgrid", account: config.apiKey, timeoutRate: 1 }]);
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context({ signal: AbortSignal.timeout(150) })), config.apiKey);
    expect(failure).toMatchObject({ kind: "retryable", scope: "account", code: "timeout" });
    expect(sim.ledger.query({ provider: "sendgrid" }).at(-1)).toMatchObject({ account: config.apiKey, fault: "timeout" });
  });

  it("stops at once when shutdown has already aborted the signal", async () => {
    const config = sendgridConfig();
    const controller = new AbortController();
    controller.abort();
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context({ signal: controller.signal })), config.apiKey);
    expect(failure).toMatchObject({ kind: "retryable", code: "timeout" });
  });

  it("retries a dropped connection as a network error", async () => {
    const config = sendgridConfig();
    sim.faults.add([{ provider: "sendgrid", account: config.apiKey, dropRate: 1 }]);
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "retryable", scope: "account", code: "network_error" });
  });

  it("retries while SendGrid is down", async () => {
    const config = sendgridConfig();
    sim.faults.add([{ provider: "sendgrid", down: true }]);
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context()), config.apiKey);
    expect(failure).toMatchObject({ kind: "retryable", scope: "account", code: "provider_unavailable", httpStatus: 503 });
  });

  it("retries when nothing listens at the base URL", async () => {
    const config = sendgridConfig({ apiKey: newApiKey() });
    const closed = await startSendGridSimulator();
    const url = closed.urlFor("sendgrid");
    await closed.close();
    const failure = await failureOf(adapter.send(emailMessage("sara@example.com"), config, context({ baseUrl: url })), config.apiKey);
    expect(failure).toMatchObject({ kind: "retryable", scope: "account", code: "network_error" });
  });

  it("sent only bodies that conform to SendGrid's Mail Send spec", () => {
    const { checked, problems } = nonConformingRequests(sim);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});
