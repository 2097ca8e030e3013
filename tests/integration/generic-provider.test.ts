// The generic HTTP provider: Unifonic's API reproduced by configuration alone, end to end against the
// simulator; URLs a lab admin must never make Herald call; values that try to break out of the body.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { resetEnv } from "@/server/env";
import { isPublicAddress, publicOnlyLookup } from "@/server/providers/generic/generic-address";
import { renderBody } from "@/server/providers/generic/generic-body";
import { ZGenericConfig } from "@/server/providers/generic/generic-config";
import { genericSmsAdapter } from "@/server/providers/generic/generic.provider";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { getBusinessAccount } from "@/server/services/business-accounts/get-business-account";
import { adapterContext } from "../helpers/adapter-context";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { dispatch, expectAppError, insertMessages, phone, timeline } from "./delivery-helpers";

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

let harness: TProviderHarness;
const savedHosts = process.env.GENERIC_HTTP_ALLOWED_HOSTS;
beforeAll(async () => {
  harness = await startProviderHarness();
  process.env.GENERIC_HTTP_ALLOWED_HOSTS = "el.cloud.unifonic.com,*.exacall.example";
  resetEnv();
});
afterAll(async () => {
  if (savedHosts === undefined) delete process.env.GENERIC_HTTP_ALLOWED_HOSTS;
  else process.env.GENERIC_HTTP_ALLOWED_HOSTS = savedHosts;
  resetEnv();
  await harness.close();
});

/** Unifonic's SMS API as a lab admin would describe it in the generic provider's form. */
const unifonicAsGeneric = (appSid: string) => ({
  url: "https://el.cloud.unifonic.com/rest/SMS/messages",
  method: "POST",
  contentType: "form",
  authType: "query",
  authName: "AppSid",
  authSecret: appSid,
  from: "HERALD",
  bodyTemplate: "SenderID={{ from }}&Recipient={{ toDigits }}&Body={{ body }}&CorrelationID={{ messageId }}&statusCallback={{ webhookUrl }}&responseType=JSON",
  messageIdPointer: "/data/MessageID",
  statusPointer: "/data/Status",
  errorCodePointer: "/errorCode",
  successErrorCodes: ["ER-00"],
  statusMap: { Sent: "SENT", Queued: "SENT", Delivered: "DELIVERED", Undeliverable: "UNDELIVERED", Rejected: "FAILED" },
  retryableErrorCodes: ["ER-09"],
  webhookMessageIdPointer: "/MessageID",
  webhookStatusPointer: "/DLR",
});

async function genericLab(config: Record<string, unknown>) {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const account = await createBusinessAccount({ db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "generic", name: "Vendor", config });
  return { lab, account };
}

describe("a configuration that reproduces Unifonic's API", () => {
  it("sends through the simulator's Unifonic and learns delivery and undelivery from its DLRs on the token URL", async () => {
    const appSid = `app${uniq()}`;
    const { lab, account } = await genericLab(unifonicAsGeneric(appSid));
    expect(account.webhookUrl).toMatch(new RegExp(`/api/webhooks/generic/${account.id}/[A-Za-z0-9_-]{43}$`));
    const [ok, bad, invalid] = await insertMessages(lab.id, [{ to: phone() }, { to: phone("4444") }, { to: phone("0000") }]);
    await dispatch([ok!, bad!, invalid!]);

    await eventually(() => Promise.all([message(ok!), message(bad!)]), ([a, b]) => a.status === "DELIVERED" && b.status === "UNDELIVERED");
    expect(await message(invalid!)).toMatchObject({ status: "FAILED", errorCode: "rejected" });
    const sent = harness.sim.ledger.query({ provider: "unifonic", heraldMessageId: ok! })[0]!;
    const form = new URLSearchParams(sent.rawBody);
    expect(Object.fromEntries(form)).toMatchObject({ SenderID: "HERALD", Recipient: (await message(ok!)).to!.slice(1), CorrelationID: ok!, responseType: "JSON", statusCallback: account.webhookUrl });
    expect(form.has("AppSid")).toBe(false);
    expect((await message(ok!)).providerMessageId).toMatch(/^\d+$/);
    expect((await timeline(ok!)).filter((e) => e.source === "webhook").map((e) => e.status)).toEqual(["DELIVERED"]);
  });

  it("retries what the account calls retryable (a 503 with ER-09), and keeps its secret out of the view and the timeline", async () => {
    const appSid = `app${uniq()}`;
    const { lab, account } = await genericLab(unifonicAsGeneric(appSid));
    harness.sim.faults.add([{ provider: "unifonic", account: appSid, times: 1, errors: [{ rate: 1, status: 503, code: "ER-09", message: `busy ${appSid}` }] }]);
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);
    const run = await dispatch([id!]);
    expect(run.scheduled).toHaveLength(1);
    expect(await message(id!)).toMatchObject({ status: "QUEUED" });
    expect(JSON.stringify(await timeline(id!))).not.toContain(appSid);
    const view = await getBusinessAccount({ db: db(), labId: lab.id, accountId: account.id });
    expect(view.config).toMatchObject({ authSecret: { set: true } });
    expect(JSON.stringify(view)).not.toContain(appSid);
  });
});

describe("URLs a lab admin must never make Herald call", () => {
  const base = unifonicAsGeneric("app-secret-1");
  for (const [url, reason] of [
    ["http://el.cloud.unifonic.com/rest/SMS/messages", /https/],
    ["https://169.254.169.254/latest/meta-data", /not an IP address/],
    ["https://[::1]/x", /not an IP address/],
    ["https://localhost/x", /public host/],
    ["https://metadata.google.internal/x", /public host/],
    ["https://evil.example/x", /a host the platform allows/],
    ["https://exacall.example.evil.example/x", /a host the platform allows/],
    ["https://user:pass@api.exacall.example/x", /no user or password/],
  ] as const) {
    it(`refuses ${url} on save`, async () => {
      const { labs } = await makeOrgWithLabs(1);
      await expectAppError(createBusinessAccount({ db: db(), principal: null, labId: labs[0]!.id, channel: "SMS", provider: "generic", name: "Vendor", config: { ...base, url } }), "BAD_REQUEST", reason);
    });
  }

  it("refuses an allowed host whose DNS answer points inside, at the moment of connecting", async () => {
    const lookup = (host: string) => new Promise<unknown>((resolve) => publicOnlyLookup(host, { all: true }, (error) => resolve(error)));
    expect(await lookup("localhost")).toMatchObject({ code: "EINTERNALADDRESS" });
    for (const address of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "2002:a00:1::1"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["8.8.8.8", "1.1.1.1", "2a00:1450:4001:80b::200e"]) expect(isPublicAddress(address), address).toBe(true);
  });

  it("fails a send over as the account's when its stored URL is no longer allowed, calling nothing", async () => {
    const config = ZGenericConfig.parse({ ...base, url: "https://api.exacall.example/send" });
    const error = await genericSmsAdapter.send({ messageId: "m1", to: "+966501234567", triggerKey: "OTP", body: "1234", segments: 1 }, config, adapterContext({ allowedHosts: ["el.cloud.unifonic.com"] })).catch((e: unknown) => e);
    expect(genericSmsAdapter.classifyError(error)).toMatchObject({ kind: "permanent", scope: "account", code: "url_not_allowed" });
  });
});

describe("a body template that tries to break out of escaping", () => {
  const hostile = '", "admin": true, "x": "\\" </script>\u2028{{ 7 * 7 }}';
  const variables = { to: "+966501234567", toDigits: "966501234567", body: hostile, messageId: "m1", triggerKey: "OTP", from: "LAB", webhookUrl: "https://h.example/w", template: { name: "t", language: "en", parameters: [hostile] } };

  it("keeps every JSON value a string, even through raw", () => {
    const rendered = renderBody('{"to": "{{ to }}", "text": "{{ body }}", "p": "{{ template.parameters[0] | raw }}"}', "json", variables);
    const parsed = JSON.parse(rendered) as Record<string, unknown>;
    expect(parsed).toEqual({ to: "+966501234567", text: hostile, p: hostile });
    expect(Object.keys(parsed)).not.toContain("admin");
  });

  it("keeps every form value in its own field", () => {
    const rendered = renderBody("To={{ toDigits }}&Body={{ body }}", "form", { ...variables, body: "hi&AppSid=evil&To=1" });
    expect([...new URLSearchParams(rendered)]).toEqual([["To", "966501234567"], ["Body", "hi&AppSid=evil&To=1"]]);
  });

  it("refuses on save a template that is not JSON once rendered, or names an unknown variable, naming the field", () => {
    const result = ZGenericConfig.safeParse({ ...unifonicAsGeneric("s3cret-app"), contentType: "json", bodyTemplate: '{"text": {{ body }}}' });
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["bodyTemplate", expect.stringMatching(/valid JSON/)]]);
    const unknown = ZGenericConfig.safeParse({ ...unifonicAsGeneric("s3cret-app"), bodyTemplate: "Body={{ patient.ssn }}" });
    expect(unknown.error!.issues[0]).toMatchObject({ path: ["bodyTemplate"], message: expect.stringMatching(/undefined variable: patient/) });
  });
});

describe("generic callbacks signed with HMAC-SHA256", () => {
  it("need the token and, where the account names a header, the body's signature", async () => {
    const webhookSecret = `whs-${uniq()}`;
    const { account } = await genericLab({ ...unifonicAsGeneric(`app${uniq()}`), contentType: "form", webhookSignatureHeader: "X-Exacall-Signature", webhookSecret, webhookMessageIdPointer: "/id", webhookStatusPointer: "/state" });
    const body = JSON.stringify({ id: "999", state: "Delivered" });
    const post = (signature?: string) => fetch(account.webhookUrl!, { method: "POST", headers: { "content-type": "application/json", ...(signature && { "x-exacall-signature": signature }) }, body });
    expect((await post()).status).toBe(401);
    expect((await post("sha256=" + "0".repeat(64))).status).toBe(401);
    expect((await post(createHmac("sha256", webhookSecret).update(body).digest("hex"))).status).toBe(200);
  });
});

describe("generic callbacks on the token URL", () => {
  it("answer 404 to a missing, wrong or another account's token and change nothing; a repeat applies once, a late 'Sent' never moves a message back", async () => {
    const appSid = `app${uniq()}`;
    const { lab, account } = await genericLab(unifonicAsGeneric(appSid));
    const other = await genericLab(unifonicAsGeneric(`app${uniq()}`));
    // The vendor's own DLRs are held back: this test posts them as the vendor would.
    harness.sim.faults.add([{ provider: "unifonic", account: appSid, callbacks: { dropRate: 1 } }]);
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);
    await dispatch([id!]);
    const { providerMessageId } = await message(id!);
    const dlr = (url: string, DLR: string) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ MessageID: providerMessageId!, DLR }).toString() });
    const base = harness.webhookUrl("generic", account.id);

    for (const url of [base, `${base}/${"A".repeat(43)}`, `${base}/${other.account.webhookUrl!.split("/").pop()}`]) expect((await dlr(url, "Delivered")).status).toBe(404);
    expect(await message(id!)).toMatchObject({ status: "SENT" });

    expect((await dlr(account.webhookUrl!, "Delivered")).status).toBe(200);
    expect((await dlr(account.webhookUrl!, "Delivered")).status).toBe(200);
    expect((await dlr(account.webhookUrl!, "Sent")).status).toBe(200);
    expect(await message(id!)).toMatchObject({ status: "DELIVERED" });
    const statuses = (await timeline(id!)).filter((e) => e.type === "status" && e.source === "webhook");
    expect(statuses.filter((e) => e.status === "DELIVERED")).toHaveLength(1);
    // The late report is kept for the record, marked as not applied.
    expect(statuses.find((e) => e.status === "SENT")?.detail ?? { applied: false }).toMatchObject({ applied: false });
  });
});

describe("a generic vendor's refusals, as the account describes them", () => {
  const send = async (appSid: string) => {
    const config = ZGenericConfig.parse(unifonicAsGeneric(appSid));
    const context = adapterContext({ baseUrl: `${harness.sim.origin}/generic`, allowedHosts: ["el.cloud.unifonic.com"] });
    const error = await genericSmsAdapter.send({ messageId: `msg_${uniq()}`, to: phone(), triggerKey: "REPORT_READY", body: "Your report is ready", segments: 1 }, config, context).then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    return genericSmsAdapter.classifyError(error);
  };

  it.each([
    [{ status: 401, code: "ER-05" }, { kind: "permanent", scope: "account", code: "bad_credentials", providerCode: "ER-05" }],
    [{ status: 403 }, { kind: "permanent", scope: "account", code: "bad_credentials" }],
    [{ status: 502 }, { kind: "retryable", scope: "account", code: "provider_unavailable" }],
    [{ status: 400, code: "ER-09" }, { kind: "retryable", scope: "account", code: "provider_unavailable", providerCode: "ER-09" }],
    [{ status: 400, code: "ER-06" }, { kind: "permanent", scope: "recipient", code: "rejected", providerCode: "ER-06" }],
  ] as [{ status: number; code?: string }, object][])("classifies %j as %j, never naming the secret", async (refusal, expected) => {
    const appSid = `app${uniq()}`;
    harness.sim.faults.add([{ provider: "unifonic", account: appSid, times: 1, errors: [{ rate: 1, status: refusal.status, ...(refusal.code && { code: refusal.code }), message: `refused for ${appSid}` }] }]);
    const classified = await send(appSid);
    expect(classified).toMatchObject(expected);
    expect(classified.message).not.toContain(appSid);
  });
});

describe("the README's Exacall-style example", () => {
  it("is a configuration the generic provider accepts", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync("README.md", "utf8");
    const block = /```json\n([\s\S]*?exacall[\s\S]*?)```/.exec(readme)![1]!.replace(/^ {2}/gm, "");
    const parsed = ZGenericConfig.safeParse(JSON.parse(block));
    expect(parsed.error?.issues ?? []).toEqual([]);
    const { labs } = await makeOrgWithLabs(1);
    const account = await createBusinessAccount({ db: db(), principal: null, labId: labs[0]!.id, channel: "SMS", provider: "generic", name: "Exacall", config: JSON.parse(block) as Record<string, unknown> });
    expect(account.config).toMatchObject({ authSecret: { set: true }, webhookSecret: { set: true }, url: "https://api.exacall.example/v2/messages" });
  });
});
