// The simulator's SendGrid as a client sees it over HTTP: authentication, validation in SendGrid's
// words, the 202 answer, the verification key endpoint and injected errors in SendGrid's shape.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSimulator } from "../../simulator/server";
import { newApiKey, newKeyPair, startSendGridSimulator } from "./sendgrid-support";

const validBody = {
  personalizations: [{ to: [{ email: "sara@example.com" }], custom_args: { herald_message_id: "msg-1" } }],
  from: { email: "reports@lab.example" },
  subject: "Your report is ready",
  content: [{ type: "text/plain", value: "Ready." }],
};

describe("SendGrid simulator", () => {
  let sim: TSimulator;
  beforeAll(async () => {
    sim = await startSendGridSimulator();
  });
  afterAll(() => sim.close());

  const mailSend = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.urlFor("sendgrid")}/v3/mail/send`, {
      method: "POST",
      headers: { authorization: `Bearer ${newApiKey()}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("answers 202 with an empty body and a 22-character X-Message-Id, recorded for the Herald message", async () => {
    const response = await mailSend(validBody);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    const id = response.headers.get("x-message-id");
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(sim.ledger.query({ provider: "sendgrid", heraldMessageId: "msg-1" }).at(-1)).toMatchObject({ providerMessageId: id, httpStatus: 202 });
  });

  it("refuses a missing, malformed or disabled API key with SendGrid's 401", async () => {
    const expected = { errors: [{ message: "The provided authorization grant is invalid, expired, or revoked", field: null, help: null }] };
    const disabled = newApiKey();
    sim.accounts.register({ provider: "sendgrid", id: disabled, disabled: true });
    for (const authorization of ["", "Bearer not-a-key", "Basic U0cuYS5i", `Bearer ${disabled}`]) {
      const response = await mailSend(validBody, { authorization });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(expected);
    }
  });

  it("lists every problem of a body at once, each with SendGrid's message, field and help", async () => {
    const response = await mailSend({ personalizations: [{ to: [{ email: "not an address" }] }], from: { email: "also bad" }, content: [] });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { message: string; field: string | null; help: string | null }[] };
    expect(errors.map((e) => e.field).sort()).toEqual(["content", "from.email", "personalizations.0.to.0.email", "subject"]);
    expect(errors.find((e) => e.field === "personalizations.0.to.0.email")?.message).toBe("Does not contain a valid address.");
    expect(errors.find((e) => e.field === "from.email")?.message).toBe("The from email does not contain a valid address.");
    expect(errors.every((e) => typeof e.help === "string" && e.help.startsWith("http://sendgrid.com/docs/"))).toBe(true);
  });

  it("requires personalizations with a recipient, and a from", async () => {
    const none = await (await mailSend({ from: { email: "reports@lab.example" }, subject: "s", content: [{ type: "text/plain", value: "x" }] })).json();
    expect(none).toMatchObject({ errors: [{ field: "personalizations", message: expect.stringContaining("at least one personalization") }] });
    const noTo = await (await mailSend({ ...validBody, personalizations: [{ to: [] }] })).json();
    expect(noTo).toMatchObject({ errors: [{ field: "personalizations.0.to", message: expect.stringContaining("The to array is required") }] });
    const { from: _from, ...withoutFrom } = validBody;
    const noFrom = await (await mailSend(withoutFrom)).json();
    expect(noFrom).toMatchObject({ errors: [{ field: "from.email", message: expect.stringContaining("The from object must be provided") }] });
  });

  it("lets a template stand in for subject and content, and a subject on every personalization for the message's", async () => {
    const { subject: _subject, content: _content, ...bare } = validBody;
    expect((await mailSend({ ...bare, template_id: "d-0123456789abcdef" })).status).toBe(202);
    const perPersonalization = { ...validBody, subject: undefined, personalizations: [{ ...validBody.personalizations[0], subject: "Yours" }] };
    expect((await mailSend(perPersonalization)).status).toBe(202);
  });

  it("wants text/plain before text/html, non-empty content values, and string custom args", async () => {
    const order = await mailSend({ ...validBody, content: [{ type: "text/html", value: "<p>x</p>" }, { type: "text/plain", value: "x" }] });
    expect(await order.json()).toMatchObject({ errors: [{ field: "content.1.type" }] });
    const empty = await mailSend({ ...validBody, content: [{ type: "text/plain", value: "" }] });
    expect(await empty.json()).toMatchObject({ errors: [{ field: "content.0.value", message: "The content value must be a string at least one character in length." }] });
    const args = await mailSend({ ...validBody, personalizations: [{ to: [{ email: "sara@example.com" }], custom_args: { n: 1 } }] });
    expect(await args.json()).toMatchObject({ errors: [{ field: "personalizations.0.custom_args.n" }] });
  });

  it("answers a body that is not JSON, or not sent as JSON, with a 400", async () => {
    const notJson = await mailSend("{nope");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ errors: [{ message: "Bad Request", field: null, help: null }] });
    const wrongType = await mailSend(validBody, { "content-type": "text/plain" });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ errors: [{ message: "Content-Type should be application/json." }] });
  });

  it("refuses an address the conventions call invalid, and a sender that is not verified", async () => {
    const invalid = await mailSend({ ...validBody, personalizations: [{ to: [{ email: "invalid@example.com" }] }] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ errors: [{ field: "personalizations.0.to.0.email", message: "Does not contain a valid address." }] });
    const unverified = await mailSend({ ...validBody, from: { email: "unverified@lab.example" } });
    expect(unverified.status).toBe(403);
    expect(await unverified.json()).toMatchObject({ errors: [{ field: "from", message: expect.stringContaining("verified Sender Identity") }] });
  });

  it("serves the Event Webhook verification key: the process's own, or the one an account fixes", async () => {
    const settings = (apiKey: string) => fetch(`${sim.urlFor("sendgrid")}/v3/user/webhooks/event/settings/signed`, { headers: { authorization: `Bearer ${apiKey}` } });
    const first = (await (await settings(newApiKey())).json()) as { enabled: boolean; public_key: string };
    const second = (await (await settings(newApiKey())).json()) as { public_key: string };
    expect(first.enabled).toBe(true);
    expect(second.public_key).toBe(first.public_key);
    const fixed = newKeyPair();
    const apiKey = newApiKey();
    sim.accounts.register({ provider: "sendgrid", id: apiKey, webhookSecret: fixed.privateKeyBase64 });
    expect(await (await settings(apiKey)).json()).toEqual({ enabled: true, public_key: fixed.publicKeyBase64 });
    expect((await fetch(`${sim.urlFor("sendgrid")}/v3/user/webhooks/event/settings/signed`)).status).toBe(401);
  });

  it("answers unknown routes and injected faults in SendGrid's error shape", async () => {
    const missing = await fetch(`${sim.urlFor("sendgrid")}/v3/nothing`, { headers: { authorization: `Bearer ${newApiKey()}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ field: null, help: null, message: expect.stringContaining("/v3/nothing") }] });
    sim.faults.add([{ provider: "sendgrid", operation: "send", times: 1, errors: [{ rate: 1, status: 502, message: "Bad Gateway" }] }]);
    const injected = await mailSend(validBody);
    expect(injected.status).toBe(502);
    expect(await injected.json()).toEqual({ errors: [{ message: "Bad Gateway", field: null, help: null }] });
  });
});
