// The Unifonic adapter against the simulator: sends, lookups, every error class, and every request
// it made checked against our schemas of Unifonic's published API.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LATE_DELIVERY_MS } from "../../simulator/outcomes";
import { startSimulator, type TSimulator } from "../../simulator/server";
import { ProviderError } from "@/server/providers/provider-error";
import type { TUnifonicConfig } from "@/server/providers/unifonic/unifonic-config";
import { unifonicSmsAdapter as sms } from "@/server/providers/unifonic/unifonic.provider";
import type { TSmsMessage } from "@/server/providers/types";
import { adapterContext } from "../helpers/adapter-context";

const APP_SID = "uniAppSid0123456789abcdef";
const SENDER = "HERALDLAB";
// DLRs go to the simulator's own origin, which answers 404 at once: this file tests the adapter, not the webhook.
let WEBHOOK: string;
const schema = (name: string) => JSON.parse(readFileSync(`tests/fixtures/specs/unifonic/${name}.schema.json`, "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = { send: ajv.compile(schema("send-message")), status: ajv.compile(schema("get-messages-details")), answer: ajv.compile(schema("send-response")) };

let sim: TSimulator;
beforeAll(async () => {
  sim = await startSimulator();
  WEBHOOK = `${sim.origin}/herald/api/webhooks/unifonic/acct_1/tok_path`;
});
afterAll(() => sim.close());
afterEach(() => {
  vi.useRealTimers();
  sim.faults.clear();
  // Every request the adapter made in the test is Unifonic's shape.
  for (const entry of sim.ledger.query({ provider: "unifonic" })) {
    const fields = Object.fromEntries(new URLSearchParams(entry.rawBody));
    const check = entry.operation === "send" ? validate.send : validate.status;
    expect(check(fields), `${entry.operation} ${JSON.stringify(check.errors)}`).toBe(true);
  }
});

const config = (overrides: Partial<TUnifonicConfig> = {}): TUnifonicConfig => sms.configSchema.parse({ appSid: APP_SID, senderId: SENDER, ...overrides });
const context = () => adapterContext({ baseUrl: `${sim.origin}/unifonic`, webhookUrl: WEBHOOK });
let counter = 0;
const message = (to: string, body = "Your report is ready."): TSmsMessage => ({ messageId: `msg_${Date.now()}_${++counter}`, to, triggerKey: "REPORT_READY", body, segments: null });
const lastSend = () => sim.ledger.query({ provider: "unifonic", operation: "send" }).at(-1)!;

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("Unifonic adapter: sending", () => {
  it("posts a form with AppSid, SenderID, the recipient without +, Herald's id and the token callback URL; records units and cost", async () => {
    const outgoing = message("+966501234567");
    const accepted = await sms.send(outgoing, config(), context());
    expect(accepted).toEqual({ providerMessageId: expect.stringMatching(/^\d{13}$/), status: "SENT", segments: 1, cost: 0.05, currency: "SAR" });
    const entry = lastSend();
    expect(entry).toMatchObject({ path: "/rest/SMS/messages", heraldMessageId: outgoing.messageId, providerMessageId: accepted.providerMessageId, httpStatus: 200 });
    expect(Object.fromEntries(new URLSearchParams(entry.rawBody))).toEqual({
      AppSid: APP_SID,
      SenderID: SENDER,
      Recipient: "966501234567",
      Body: "Your report is ready.",
      CorrelationID: outgoing.messageId,
      statusCallback: WEBHOOK,
      responseType: "JSON",
    });
  });

  it("counts a long Arabic message in units as Unifonic bills it", async () => {
    const arabic = "نتيجة التحليل جاهزة، يمكنك استلامها من المختبر في أي وقت خلال ساعات العمل الرسمية.";
    const accepted = await sms.send(message("+966501234568", arabic), config(), context());
    expect(accepted).toMatchObject({ segments: 2, cost: 0.1, currency: "SAR" });
  });

  it("its simulator answers as Unifonic's spec documents", async () => {
    const response = await fetch(`${sim.origin}/unifonic/rest/SMS/messages`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ AppSid: APP_SID, SenderID: SENDER, Recipient: "966501234569", Body: "hi" }).toString(),
    });
    const answer = (await response.json()) as unknown;
    expect(validate.answer(answer), JSON.stringify(validate.answer.errors)).toBe(true);
    expect(answer).toMatchObject({ success: "true", errorCode: "ER-00" });
  });
});

describe("Unifonic adapter: status lookup by MessageID", () => {
  it("sees delivered and undeliverable messages, and null for an id Unifonic does not know", async () => {
    const delivered = await sms.send(message("+966501234570"), config(), context());
    const undeliverable = await sms.send(message("+966501234444"), config(), context());
    await sim.callbacks.idle();
    expect(await sms.fetchStatus!(delivered.providerMessageId, config(), context())).toEqual({
      providerMessageId: delivered.providerMessageId, status: "DELIVERED", at: expect.any(Date), segments: 1, cost: 0.05, currency: "SAR",
    });
    expect(await sms.fetchStatus!(undeliverable.providerMessageId, config(), context())).toMatchObject({ status: "UNDELIVERED", errorCode: "Undeliverable" });
    expect(await sms.fetchStatus!("1", config(), context())).toBeNull();
  });

  it("sees a delivery whose report never came as a callback", async () => {
    const accepted = await sms.send(message("+966501232222"), config(), context());
    await sim.callbacks.idle();
    expect(await sms.fetchStatus!(accepted.providerMessageId, config(), context())).toMatchObject({ status: "SENT" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + LATE_DELIVERY_MS);
    expect(await sms.fetchStatus!(accepted.providerMessageId, config(), context())).toMatchObject({ status: "DELIVERED" });
  });
});

describe("Unifonic adapter: every error class", () => {
  it("an invalid number (ER-03) is the recipient's, permanent: no account can help", async () => {
    const error = await failure(sms.send(message("+966501230000"), config(), context()));
    expect(error.toClassified()).toMatchObject({ kind: "permanent", scope: "recipient", code: "invalid_address", providerCode: "ER-03", httpStatus: 482 });
  });

  it("a SenderID the application may not use (ER-08) is the account's: fail over", async () => {
    sim.accounts.register({ provider: "unifonic", id: "uniSendersOnly0001", senders: ["OTHERLAB"] });
    const error = await failure(sms.send(message("+966501234571"), config({ appSid: "uniSendersOnly0001" }), context()));
    expect(error.toClassified()).toMatchObject({ kind: "permanent", scope: "account", code: "invalid_sender", providerCode: "ER-08" });
  });

  it("an exhausted balance (ER-01) is the account's: fail over", async () => {
    sim.faults.add([{ provider: "unifonic", operation: "send", times: 1, errors: [{ rate: 1, status: 402, code: "ER-01", message: "Insufficient balance" }] }]);
    const error = await failure(sms.send(message("+966501234572"), config(), context()));
    expect(error.toClassified()).toMatchObject({ kind: "permanent", scope: "account", code: "insufficient_funds", providerCode: "ER-01" });
  });

  it("a refused AppSid is bad credentials, and the AppSid appears in no error", async () => {
    sim.accounts.register({ provider: "unifonic", id: "uniDisabled000001", disabled: true });
    const error = await failure(sms.send(message("+966501234573"), config({ appSid: "uniDisabled000001" }), context()));
    expect(error.toClassified()).toMatchObject({ kind: "permanent", scope: "account", code: "bad_credentials", httpStatus: 401 });
    expect(JSON.stringify(error.toClassified())).not.toContain("uniDisabled000001");
  });

  it("an unknown ER code follows its HTTP status; rate limits and outages are retryable", async () => {
    sim.faults.add([{ provider: "unifonic", operation: "send", times: 1, errors: [{ rate: 1, status: 400, code: "ER-77", message: "Something new" }] }]);
    expect((await failure(sms.send(message("+966501234574"), config(), context()))).toClassified()).toMatchObject({ kind: "permanent", scope: "recipient", providerCode: "ER-77" });
    sim.faults.add([{ provider: "unifonic", operation: "send", times: 1, rateLimit: { rate: 1, retryAfterSeconds: 2 } }]);
    expect((await failure(sms.send(message("+966501234575"), config(), context()))).toClassified()).toMatchObject({ kind: "retryable", code: "rate_limited", retryAfterMs: 2000 });
    sim.faults.add([{ provider: "unifonic", operation: "send", times: 1, down: true }]);
    expect((await failure(sms.send(message("+966501234576"), config(), context()))).toClassified()).toMatchObject({ kind: "retryable", code: "provider_unavailable" });
  });

  it("a call that times out is retryable", async () => {
    sim.faults.add([{ provider: "unifonic", operation: "send", times: 1, timeoutRate: 1 }]);
    const error = await failure(sms.send(message("+966501234577"), config(), adapterContext({ baseUrl: `${sim.origin}/unifonic`, webhookUrl: WEBHOOK, signal: AbortSignal.timeout(200) })));
    expect(error.toClassified()).toMatchObject({ kind: "retryable", code: "timeout" });
  });
});

describe("Unifonic config", () => {
  it("names each bad field and never quotes the AppSid", () => {
    const result = sms.configSchema.safeParse({ appSid: "x", senderId: "A sender name far too long" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toEqual([expect.stringMatching(/^appSid: expected/), expect.stringMatching(/^senderId: expected/)]);
    expect(sms.secretFields).toEqual(["appSid"]);
    expect(sms.webhookAuth).toBe("path-token");
  });
});
