// The simulator's Twilio API spoken to directly, as Twilio's own clients would: its validation, auth
// and resources. These requests break Twilio's rules on purpose, so this file's ledger is not checked
// against the spec; the 201 and 200 answers are.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type TSimulator } from "../../simulator/server";
import { createMessageResponse } from "./twilio-spec";
import { ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, AUTH_TOKEN, CONTENT_SID, SENDER, SERVICE_SID } from "./twilio-helpers";

describe("Twilio simulator API", () => {
  let sim: TSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ providers: ["twilio"] });
    sim.accounts.register({ provider: "twilio", id: ACCOUNT_SID, secret: AUTH_TOKEN });
  });
  afterAll(() => sim.close());

  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const messagesUrl = (account = ACCOUNT_SID) => `${sim.urlFor("twilio")}/2010-04-01/Accounts/${account}/Messages.json`;

  async function create(form: Record<string, string>, { account = ACCOUNT_SID, auth = basic(ACCOUNT_SID, AUTH_TOKEN) } = {}) {
    const response = await fetch(messagesUrl(account), {
      method: "POST",
      headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const valid = { To: "+966501234567", From: SENDER, Body: "Your report is ready." };

  it("answers a valid create with a queued Message resource that matches Twilio's spec", async () => {
    const { status, body } = await create({ ...valid, SomethingTwilioIgnores: "x" });
    expect(status).toBe(201);
    expect(createMessageResponse(body), JSON.stringify(createMessageResponse.errors)).toBe(true);
    expect(body).toMatchObject({
      account_sid: ACCOUNT_SID,
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      status: "queued",
      direction: "outbound-api",
      num_segments: "1",
      price: null,
      price_unit: null,
      error_code: null,
      date_created: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${body.sid as string}.json`,
    });
  });

  it("moves a message without a StatusCallback on with time, pricing it once sent, in fetches that match the spec", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const { body } = await create({ ...valid, Body: "x".repeat(161) });
      expect(body.num_segments).toBe("2");
      const fetchIt = async () => {
        const response = await fetch(`${sim.urlFor("twilio")}${body.uri as string}`, { headers: { authorization: basic(ACCOUNT_SID, AUTH_TOKEN) } });
        expect(response.status).toBe(200);
        const resource = (await response.json()) as Record<string, unknown>;
        expect(createMessageResponse(resource), JSON.stringify(createMessageResponse.errors)).toBe(true);
        return resource;
      };
      expect(await fetchIt()).toMatchObject({ status: "queued", price: null, date_sent: null });
      vi.setSystemTime(Date.now() + 5_000);
      expect(await fetchIt()).toMatchObject({ status: "delivered", price: "-0.01500", price_unit: "USD", date_sent: expect.any(String) });
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers a Messaging Service send as accepted, with no sender or segments yet", async () => {
    const { status, body } = await create({ To: "+966501234567", MessagingServiceSid: SERVICE_SID, Body: "hi" });
    expect(status).toBe(201);
    expect(createMessageResponse(body)).toBe(true);
    expect(body).toMatchObject({ status: "accepted", from: null, num_segments: "0", messaging_service_sid: SERVICE_SID });
  });

  it.each([
    ["no To", { From: SENDER, Body: "hi" }, 21604],
    ["a To that is no number", { To: "0501234567", From: SENDER, Body: "hi" }, 21211],
    ["neither From nor MessagingServiceSid", { To: "+966501234567", Body: "hi" }, 21603],
    ["a From that is no sender", { To: "+966501234567", From: "not a sender!", Body: "hi" }, 21212],
    ["WhatsApp to SMS", { To: "whatsapp:+966501234567", From: SENDER, Body: "hi" }, 21910],
    ["no Body, ContentSid or MediaUrl", { To: "+966501234567", From: SENDER }, 21602],
    ["a Body over 1,600 characters", { To: "+966501234567", From: SENDER, Body: "x".repeat(1_601) }, 21617],
    ["ContentVariables without ContentSid", { To: "+966501234567", From: SENDER, Body: "hi", ContentVariables: '{"1":"a"}' }, 21654],
    ["ContentVariables that are not JSON", { To: "whatsapp:+966501234567", From: `whatsapp:${SENDER}`, ContentSid: CONTENT_SID, ContentVariables: "{1:" }, 21656],
    ["a number that does not exist", { To: "+966500000000", From: SENDER, Body: "hi" }, 21211],
    ["a recipient who replied STOP", { To: "+966500000001", From: SENDER, Body: "hi" }, 21610],
  ])("refuses %s with Twilio's error", async (_, form, code) => {
    const { status, body } = await create(form as Record<string, string>);
    expect(status).toBe(400);
    expect(body).toEqual({ code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 });
  });

  it("refuses bad credentials and disabled accounts with 20003, and takes an unregistered account at its word", async () => {
    const unauthorized = { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 };
    expect(await create(valid, { auth: basic(ACCOUNT_SID, "0".repeat(32)) })).toEqual({ status: 401, body: unauthorized });
    expect(await create(valid, { auth: "" })).toEqual({ status: 401, body: unauthorized });
    // The AccountSid in the path must be the one authenticating.
    expect(await create(valid, { account: `AC${"7".repeat(32)}` })).toEqual({ status: 401, body: unauthorized });
    sim.accounts.register({ provider: "twilio", id: API_KEY_SID, secret: API_KEY_SECRET });
    expect((await create(valid, { auth: basic(API_KEY_SID, API_KEY_SECRET) })).status).toBe(201);
    expect(await create(valid, { auth: basic(API_KEY_SID, "B".repeat(32)) })).toEqual({ status: 401, body: unauthorized });
    const stranger = `AC${"8".repeat(32)}`;
    expect((await create(valid, { account: stranger, auth: basic(stranger, "any-token") })).status).toBe(201);
    sim.accounts.register({ provider: "twilio", id: ACCOUNT_SID, secret: AUTH_TOKEN, disabled: true });
    expect(await create(valid)).toEqual({ status: 401, body: unauthorized });
    sim.accounts.register({ provider: "twilio", id: ACCOUNT_SID, secret: AUTH_TOKEN });
  });

  it("answers 404 in Twilio's shape for a message it does not have or another account's", async () => {
    const { body } = await create(valid);
    const other = `AC${"6".repeat(32)}`;
    const response = await fetch(`${sim.urlFor("twilio")}/2010-04-01/Accounts/${other}/Messages/${body.sid as string}.json`, { headers: { authorization: basic(other, "t") } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404, status: 404 });
  });

  it("refuses to post an inbound message for an account without a webhook", async () => {
    const response = await fetch(`${sim.origin}/__admin/inbound`, {
      method: "POST",
      body: JSON.stringify({ provider: "twilio", account: ACCOUNT_SID, from: "+966501234567", to: SENDER, body: "hi" }),
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/webhookUrl/);
  });
});
