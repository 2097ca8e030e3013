// The code never rests in plaintext: a full flow through Twilio's SDK, the provider simulator and
// its signed callbacks, over HTTP with an API key, then every column of every table, every log line
// and every response is searched for the code.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as trpcRoute } from "@/app/api/trpc/[trpc]/route";
import { db } from "@/server/db";
import { logger } from "@/server/logger";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { serveFetchHandler, type TServedHandler } from "../helpers/serve-fetch-handler";
import { uniq } from "../helpers/fixtures";
import { makeOtpLab, otpPhone, runOtpLane, syncOtpCatalogue, wrongCode } from "./otp-helpers";

const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";

let harness: TProviderHarness;
let server: TServedHandler;
const logLines: string[] = [];
let restoreLog: () => void;

beforeAll(async () => {
  await syncOtpCatalogue();
  harness = await startProviderHarness();
  server = await serveFetchHandler(trpcRoute);
  // Every line the process logs, after redaction, as it would reach standard output; at every level.
  const stream = (logger as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym]!;
  const write = stream.write.bind(stream);
  stream.write = (line: string) => {
    logLines.push(line);
    return true;
  };
  const level = logger.level;
  logger.level = "trace";
  restoreLog = () => {
    stream.write = write;
    logger.level = level;
  };
});
afterAll(async () => {
  restoreLog();
  await server.close();
  await harness.close();
});

/** A tRPC call over HTTP as a client with an API key makes it: the raw response body is kept. */
async function call(kind: "query" | "mutation", path: string, input: unknown, key: string, responses: string[]) {
  const url = new URL(`${server.origin}/api/trpc/${path}`);
  const init: RequestInit = { headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } };
  if (kind === "query") url.searchParams.set("input", JSON.stringify({ json: input }));
  else Object.assign(init, { method: "POST", body: JSON.stringify({ json: input }) });
  const response = await fetch(url, init);
  const text = await response.text();
  responses.push(text);
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as { result?: { data: { json: Record<string, unknown> } }; error?: { json: { message: string; data: Record<string, unknown> } } } };
}

/** Every row of every table (columns as text) that contains `needle`. */
async function findInDatabase(needle: string): Promise<string[]> {
  const columns = await db().$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`;
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE "${column}"::text LIKE $1`, `%${needle}%`);
    if (Number(row!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe("the code never rests in plaintext", () => {
  it("after a full flow over HTTP through Twilio's SDK and signed callbacks, no table, log line or response holds it", async () => {
    const { lab, key } = await makeOtpLab({ accounts: [{ channel: "EMAIL" }] });
    const sid = `AC${uniq().replace(/[^0-9a-f]/g, "").padEnd(32, "a").slice(0, 32)}`;
    const account = await createBusinessAccount({
      db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "twilio", name: "Twilio", config: { accountSid: sid, authToken: AUTH_TOKEN, from: "+14155550100" },
    });
    harness.sim.accounts.register({ provider: "twilio", id: sid, secret: AUTH_TOKEN, webhookUrl: harness.webhookUrl("twilio", account.id) });
    const responses: string[] = [];
    const to = otpPhone();

    // Ten digits: no phone number, timestamp or id in a shared database holds a given ten-digit run by chance.
    const started = await call("mutation", "otp.start", { labId: lab.id, to, purpose: "portal_login", codeLength: 10 }, key.key, responses);
    expect(started.status).toBe(200);
    const challengeId = started.body.result!.data.json.challengeId as string;
    await runOtpLane(lab.id);
    const [message] = await db().message.findMany({ where: { requestId: challengeId } });
    await eventually(() => db().message.findUniqueOrThrow({ where: { id: message!.id } }), (m) => m.status === "DELIVERED");

    const [send] = harness.sim.ledger.query({ provider: "twilio", heraldMessageId: message!.id });
    const code = /\b(\d{10})\b/.exec(new URLSearchParams(send!.rawBody).get("Body") ?? "")?.[1];
    expect(code).toMatch(/^\d{10}$/);

    expect((await call("mutation", "otp.check", { labId: lab.id, challengeId, code: wrongCode(code!) }, key.key, responses)).body.result!.data.json).toMatchObject({ status: "pending" });
    const shown = await call("query", "messages.get", { labId: lab.id, messageId: message!.id }, key.key, responses);
    expect(shown.body.result!.data.json).toMatchObject({ status: "DELIVERED", body: expect.stringContaining("••••••••••"), variables: expect.objectContaining({ otpCode: "••••••••••" }) });
    await call("query", "otp.get", { labId: lab.id, challengeId }, key.key, responses);
    await call("query", "otp.list", { labId: lab.id }, key.key, responses);
    expect((await call("mutation", "otp.check", { labId: lab.id, challengeId, code }, key.key, responses)).body.result!.data.json).toMatchObject({ status: "approved" });
    const reused = await call("mutation", "otp.check", { labId: lab.id, challengeId, code }, key.key, responses);
    expect(reused.status).toBe(404);

    expect(await findInDatabase(code!)).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(code!))).toEqual([]);
    expect(responses.filter((body) => body.includes(code!))).toEqual([]);
    expect(responses.join("")).not.toContain((await db().otpChallenge.findUniqueOrThrow({ where: { id: challengeId } })).codeHash);
  });

  it("a code the caller made, sent with notifications.send and the OTP trigger, goes by the OTP lane and rests nowhere in plaintext", async () => {
    const { lab, key } = await makeOtpLab({ accounts: [{ channel: "EMAIL" }] });
    const sid = `AC${uniq().replace(/[^0-9a-f]/g, "").padEnd(32, "b").slice(0, 32)}`;
    const account = await createBusinessAccount({
      db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "twilio", name: "Twilio", config: { accountSid: sid, authToken: AUTH_TOKEN, from: "+14155550100" },
    });
    harness.sim.accounts.register({ provider: "twilio", id: sid, secret: AUTH_TOKEN, webhookUrl: harness.webhookUrl("twilio", account.id) });
    const responses: string[] = [];
    // Ten digits, none of them repeated from the lab's fixtures by chance (see above).
    const code = String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
    const item = {
      labId: lab.id,
      trigger: "OTP",
      recipient: { externalId: `otp-${uniq()}`, phone: otpPhone() },
      channels: ["SMS"],
      variables: { otpCode: code, expiresInMinutes: 5, labName: "Lab" },
      idempotencyKey: `otp-send-${uniq()}`,
    };
    const sent = await call("mutation", "notifications.send", item, key.key, responses);
    expect(sent.status).toBe(200);
    const messageId = (sent.body.result!.data.json.channels as { messageId: string }[])[0]!.messageId;
    // Queued in the OTP lane, not behind bulk dispatch: the lane's runner alone sends it.
    expect(await db().job.count({ where: { name: "dispatch-otp", payload: { path: ["messageIds"], array_contains: [messageId] } } })).toBe(1);
    expect(await runOtpLane(lab.id)).toBeGreaterThan(0);
    await eventually(() => db().message.findUniqueOrThrow({ where: { id: messageId } }), (m) => m.status === "DELIVERED");

    const [send] = harness.sim.ledger.query({ provider: "twilio", heraldMessageId: messageId });
    expect(new URLSearchParams(send!.rawBody).get("Body")).toContain(code);
    const shown = await call("query", "messages.get", { labId: lab.id, messageId }, key.key, responses);
    expect(shown.body.result!.data.json).toMatchObject({ body: expect.stringContaining("••••••••••"), variables: expect.objectContaining({ otpCode: "••••••••••" }) });
    // The same key and request replays (the request hash kept for that is keyed over the code).
    expect((await call("mutation", "notifications.send", item, key.key, responses)).body.result!.data.json).toMatchObject({ replayed: true });

    expect(await findInDatabase(code)).toEqual([]);
    expect(logLines.filter((line) => line.includes(code))).toEqual([]);
    expect(responses.filter((body) => body.includes(code))).toEqual([]);
  });

  it("a refused start answers 429 with Retry-After over HTTP", async () => {
    const { lab, key } = await makeOtpLab({ settings: { startsPerCallerPerMinute: 1 } });
    const responses: string[] = [];
    expect((await call("mutation", "otp.start", { labId: lab.id, to: otpPhone(), purpose: "portal_login" }, key.key, responses)).status).toBe(200);
    const refused = await call("mutation", "otp.start", { labId: lab.id, to: otpPhone(), purpose: "portal_login" }, key.key, responses);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.error!.json).toMatchObject({ message: expect.stringMatching(/^caller_minute: at most 1 starts per API key or user a minute$/), data: { code: "TOO_MANY_REQUESTS", retryAfter } });
  });
});
