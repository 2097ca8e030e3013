// The simulator refuses what Resend refuses, in Resend's own error shapes (raw HTTP, not the SDK).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSimulator } from "../../simulator/server";
import { startResendSimulator } from "./resend-support";

let sim: TSimulator;
beforeAll(async () => {
  sim = await startResendSimulator();
  sim.accounts.register({ provider: "resend", id: "re_disabled_key", disabled: true });
});
afterAll(() => sim.close());

const email = (overrides: Record<string, unknown> = {}) => ({
  from: "Lab <lab@herald.example>",
  to: "sara@example.com",
  subject: "Report",
  html: "<p>hi</p>",
  tags: [{ name: "message_id", value: `m${Math.random().toString(36).slice(2)}` }],
  ...overrides,
});

async function call(path: string, init: { method?: string; key?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? "re_sim_key"}`;
  const response = await fetch(`${sim.urlFor("resend")}${path}`, {
    method: init.method ?? "POST",
    headers,
    ...(init.body !== undefined && { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("resend simulator: credentials", () => {
  it("answers 401 missing_api_key without a key, 403 invalid_api_key for a disabled or malformed one", async () => {
    expect(await call("/emails", { key: null, body: email() })).toEqual({ status: 401, body: { statusCode: 401, name: "missing_api_key", message: expect.any(String) } });
    expect((await call("/emails", { key: "re_disabled_key", body: email() })).body).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
    expect((await call("/emails", { key: "sk_not_resend", body: email() })).body).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
    expect((await call("/emails/00000000-0000-4000-8000-000000000000", { method: "GET", key: null })).status).toBe(401);
  });
});

describe("resend simulator: request validation", () => {
  const refusal = async (body: unknown, path = "/emails") => {
    const answer = await call(path, { body });
    return { status: answer.status, name: answer.body.name, message: answer.body.message };
  };

  it("names a missing required field", async () => {
    for (const field of ["from", "to", "subject"]) {
      const rest: Record<string, unknown> = email();
      delete rest[field];
      expect(await refusal(rest)).toEqual({ status: 422, name: "missing_required_field", message: `Missing \`${field}\` field.` });
    }
    expect(await refusal(email({ html: undefined }))).toMatchObject({ status: 422, name: "missing_required_field", message: expect.stringMatching(/`html` or `text`/) });
  });

  it("names an invalid from, to, reply_to or tags field", async () => {
    expect(await refusal(email({ from: "not an address" }))).toMatchObject({ status: 422, name: "validation_error", message: expect.stringMatching(/`from`/) });
    expect(await refusal(email({ to: ["ok@example.com", "nope"] }))).toMatchObject({ status: 422, message: expect.stringMatching(/`to`/) });
    expect(await refusal(email({ reply_to: "nope" }))).toMatchObject({ status: 422, message: expect.stringMatching(/`reply_to`/) });
    expect(await refusal(email({ tags: [{ name: "message id", value: "x" }] }))).toMatchObject({ status: 422, message: expect.stringMatching(/`tags`/) });
    expect(await refusal(email({ subject: 42 }))).toMatchObject({ status: 422, message: expect.stringMatching(/`subject`/) });
  });

  it("takes at most 50 recipients, as a string or an array", async () => {
    const many = Array.from({ length: 51 }, (_, i) => `r${i}@example.com`);
    expect(await refusal(email({ to: many }))).toMatchObject({ status: 422, message: expect.stringMatching(/at most 50/) });
    expect((await call("/emails", { body: email({ to: many.slice(0, 50) }) })).status).toBe(200);
    expect((await call("/emails", { body: email({ to: "Sara <sara@example.com>" }) })).status).toBe(200);
  });

  it("refuses a body that is not JSON, and an address the conventions call invalid", async () => {
    expect(await refusal("{not json")).toMatchObject({ status: 422, name: "validation_error" });
    expect(await refusal(email({ to: "invalid@example.com" }))).toMatchObject({ status: 422, name: "validation_error", message: expect.stringMatching(/`to`/) });
  });

  it("checks batches: 1 to 100 emails, no attachments or scheduling, the bad email named by index", async () => {
    expect(await refusal([], "/emails/batch")).toMatchObject({ status: 422 });
    expect(await refusal(Array.from({ length: 101 }, () => email()), "/emails/batch")).toMatchObject({ status: 422 });
    expect(await refusal([email(), email({ scheduled_at: "2030-01-01T00:00:00Z" })], "/emails/batch")).toMatchObject({ status: 422, message: expect.stringMatching(/^emails\[1\]: .*`scheduled_at`/) });
    expect(await refusal([email(), email({ to: "invalid@example.com" })], "/emails/batch")).toMatchObject({ status: 422, message: expect.stringMatching(/^emails\[1\]: .*`to`/) });
  });

  it("sends the valid emails of a permissive batch and lists the others", async () => {
    const answer = await call("/emails/batch", { body: [email(), email({ to: "nope" })], headers: { "x-batch-validation": "permissive" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: [{ id: expect.any(String) }], errors: [{ index: 1, message: expect.stringMatching(/`to`/) }] });
  });
});

describe("resend simulator: idempotency and lookups", () => {
  it("answers the same key and body with the same id, counted once; another body under it is a 409", async () => {
    const body = email();
    const messageId = body.tags[0]!.value;
    const headers = { "idempotency-key": `key-${messageId}` };
    const first = await call("/emails", { body, headers });
    const again = await call("/emails", { body: { ...body }, headers });
    expect(again).toEqual(first);
    expect(sim.ledger.acceptedSends(messageId)).toBe(1);
    expect(await call("/emails", { body: { ...body, subject: "Changed" }, headers })).toMatchObject({ status: 409, body: { name: "invalid_idempotent_request" } });
    // Keys belong to an API key: another account may use the same one.
    expect((await call("/emails", { body, headers, key: "re_other_team" })).status).toBe(200);
  });

  it("refuses an idempotency key longer than 256 characters", async () => {
    expect(await call("/emails", { body: email(), headers: { "idempotency-key": "k".repeat(257) } })).toMatchObject({ status: 400, body: { name: "invalid_idempotency_key" } });
  });

  it("shows an email to its own account only, in Resend's shape", async () => {
    const { body } = await call("/emails", { body: email({ to: ["bounce@example.com"], text: "hi" }) });
    const found = await call(`/emails/${String(body.id)}`, { method: "GET" });
    expect(found).toMatchObject({ status: 200, body: { object: "email", id: body.id, to: ["bounce@example.com"], last_event: "bounced", subject: "Report" } });
    expect(String(found.body.created_at)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\+00$/);
    expect(await call(`/emails/${String(body.id)}`, { method: "GET", key: "re_other_team" })).toMatchObject({ status: 404, body: { name: "not_found" } });
  });

  it("answers injected faults in Resend's shape, whatever code the rule names", async () => {
    sim.faults.add([{ provider: "resend", times: 1, rateLimit: { rate: 1, retryAfterSeconds: 3 } }]);
    const response = await fetch(`${sim.urlFor("resend")}/emails`, { method: "POST", headers: { authorization: "Bearer re_sim_key" }, body: JSON.stringify(email()) });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({ statusCode: 429, name: "rate_limit_exceeded", message: "Too Many Requests" });
    expect(await call("/nowhere", { body: email() })).toMatchObject({ status: 404, body: { name: "not_found" } });
  });
});
