import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { TPrincipal } from "@/server/access/principal";
import { appRouter } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { db } from "@/server/db";
import { makeApiKey, uniq } from "../helpers/fixtures";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

type TErrorBody = { error: { json: { message: string; code: number; data: Record<string, unknown> & { zodIssues: unknown; field: unknown } } } };

let principal: TPrincipal;
let labId: string;
let trigger: string;

beforeAll(async () => {
  ({ labId } = await makeSendingLab());
  principal = (await makeApiKey(labId)).principal;
  trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A mutation as an HTTP client makes it, answered by the tRPC handler: the error exactly as a client receives it. */
async function mutate(path: string, input: unknown) {
  const req = new Request(`http://herald.test/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(superjson.serialize(input)),
  });
  const response = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContextInner({ db: db(), principal }) });
  return { status: response.status, body: (await response.json()) as TErrorBody };
}

describe("errors name every bad field of a call, in error.data.zodIssues", () => {
  it("reports every invalid phone of a sendMany, not only the first", async () => {
    const items = [0, 1, 2, 3].map(() => ({ trigger, recipient: newRecipient(), variables: VARIABLES }));
    items[0]!.recipient.phone = "12";
    items[3]!.recipient.phone = "+1 555 0100";
    const { status, body } = await mutate("notifications.sendMany", { labId, items });

    expect(status).toBe(400);
    const { message, data } = body.error.json;
    expect(data.zodIssues).toEqual([
      { path: ["items", "0", "recipient", "phone"], code: "custom", message: expect.stringContaining("expected a valid phone number for SA") },
      { path: ["items", "3", "recipient", "phone"], code: "custom", message: expect.stringContaining("expected a valid phone number for US (+1)") },
    ]);
    expect(message).toMatch(/^items\.0\.recipient\.phone: .*; items\.3\.recipient\.phone: /);
    expect(data.field).toBe("items.0.recipient.phone");
    expect(await db().message.count({ where: { labId } })).toBe(0);
  });

  it("reports unknown triggers, invalid addresses and unknown contacts of one call together", async () => {
    const items = [
      { trigger: `NO_SUCH_${uniq().toUpperCase()}`, recipient: newRecipient(), variables: VARIABLES },
      { trigger, recipient: newRecipient({ email: "nobody@" }), variables: VARIABLES },
      { trigger, recipient: { externalId: `unknown-${uniq()}` }, variables: VARIABLES },
    ];
    const { status, body } = await mutate("notifications.sendMany", { labId, items });

    expect(status).toBe(400);
    const issues = body.error.json.data.zodIssues as { path: string[] }[];
    expect(issues.map((issue) => issue.path.join("."))).toEqual(["items.0.trigger", "items.1.recipient.email", "items.2.recipient.externalId"]);
  });

  it("reports every bad address of one contact", async () => {
    const { body } = await mutate("contacts.upsert", { labId, externalId: `p-${uniq()}`, phone: "050123", email: "sara@" });
    expect(body.error.json.data.zodIssues).toEqual([
      { path: ["phone"], code: "custom", message: expect.stringContaining("expected a valid phone number") },
      { path: ["email"], code: "custom", message: expect.stringContaining("expected an email address") },
    ]);
  });

  it("gives input-parsing issues the same shape", async () => {
    const { status, body } = await mutate("notifications.sendMany", { labId, items: [{ trigger, recipient: newRecipient(), variables: VARIABLES, channels: [] }] });
    expect(status).toBe(400);
    expect(body.error.json.data.zodIssues).toEqual([
      { path: ["items", "0", "channels"], code: "too_small", message: "expected at least one channel", params: { origin: "array", minimum: 1, inclusive: true } },
    ]);
  });

  it("name the rule a service's check applied, for a client that says it in another language", async () => {
    const { body: created } = await mutate("contacts.upsert", { labId, externalId: `p-${uniq()}`, phone: "0501234567" });
    const contactId = (created as unknown as { result: { data: { json: { id: string } } } }).result.data.json.id;
    const { status, body } = await mutate("contacts.updateConsent", { labId, contactId, channel: "SMS", status: "WITHDRAWN", source: "api", at: new Date(Date.now() + 86_400_000) });
    expect(status).toBe(400);
    expect(body.error.json.message).toBe("at: must not be in the future");
    expect(body.error.json.data.zodIssues).toEqual([{ path: ["at"], code: "custom", message: "must not be in the future", params: { reason: "in_future" } }]);
  });
});

describe("error responses in production", () => {
  const badCall = () => mutate("contacts.upsert", { labId, externalId: `p-${uniq()}`, phone: "050123" });

  it("carry no stack trace", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const { body } = await badCall();
    expect(body.error.json.data).not.toHaveProperty("stack");
    expect(body.error.json.data.zodIssues).toHaveLength(1);
  });

  it("while development answers keep theirs", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const { body } = await badCall();
    expect(body.error.json.data.stack).toEqual(expect.stringMatching(/^TRPCError: phone: expected a valid phone number/));
  });
});
