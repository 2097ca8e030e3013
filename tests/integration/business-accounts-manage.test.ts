import { generateKeyPairSync, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import { resetEnv } from "@/server/env";
import { CHANNELS } from "@/server/domain/notifications";
import { AppError } from "@/server/errors";
import { loadAdapter, PROVIDER_IDS } from "@/server/providers/registry";
import type { AnyChannelAdapter } from "@/server/providers/types";
import { openStoredConfig, sealAccountConfig } from "@/server/services/business-accounts/account-config";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { callerFor, makeApiKey, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

type TCaller = ReturnType<typeof callerFor>;

const hex = (length: number) => randomBytes(length).toString("hex").slice(0, length);

/**
 * A valid config for each provider and channel, with fresh secret values. A provider added to the
 * registry needs one here, so the masking test below covers it.
 */
function sampleConfig(provider: string, channel: Channel): Record<string, unknown> | null {
  switch (provider) {
    case "sandbox":
      return { apiKey: `sbx_${hex(24)}`, from: "LAB", currency: "SAR" };
    case "twilio":
      return { accountSid: `AC${hex(32)}`, authToken: hex(32), apiKeySid: `SK${hex(32)}`, apiKeySecret: hex(32), from: channel === "SMS" ? "HERALD" : "+14155550100" };
    case "resend":
      return { apiKey: `re_${hex(24)}`, from: "Lab <lab@example.test>", webhookSecret: `whsec_${randomBytes(24).toString("base64")}` };
    case "sendgrid": {
      const { publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
      return { apiKey: `SG.${hex(10)}.${hex(24)}`, from: "reports@lab.example", webhookPublicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64") };
    }
    case "unifonic":
      return { appSid: `app${hex(20)}`, senderId: "HERALD" };
    case "meta":
      return { phoneNumberId: `10${BigInt(`0x${hex(6)}`)}`, accessToken: `EAA${hex(40)}`, appSecret: hex(32), verifyToken: hex(24) };
    case "interakt":
      return { apiKey: randomBytes(24).toString("base64url"), webhookSecret: hex(32), defaultLanguage: "en" };
    case "bevatel":
      return { apiAccountId: "4021", apiAccessToken: `bvt_${hex(24)}`, inboxId: 7 };
    case "pinnacle":
      return channel === "SMS"
        ? { apiKey: hex(24), sender: "HRLDLB", dltTemplateIds: { REPORT_READY: "1107161234567890123" } }
        : { apiKey: hex(24), from: "+919800000001" };
    case "generic":
      return {
        url: "https://api.vendor.example/v1/messages",
        method: "POST",
        contentType: "json",
        authType: "header",
        authName: "X-Api-Key",
        authSecret: hex(24),
        from: "HERALD",
        bodyTemplate: '{"to": "{{ to }}", "text": "{{ body }}", "ref": "{{ messageId }}"}',
        messageIdPointer: "/id",
        statusPointer: "/status",
        statusMap: { accepted: "SENT", delivered: "DELIVERED", failed: "FAILED" },
        webhookSignatureHeader: "X-Vendor-Signature",
        webhookSecret: hex(32),
        webhookMessageIdPointer: "/id",
        webhookStatusPointer: "/status",
      };
    default:
      return null;
  }
}

/** Each secret and a slice from its middle: no part of a secret may show. */
function secretTraces(secrets: string[]): string[] {
  return secrets.flatMap((s) => [s, s.slice(Math.floor(s.length / 2) - 4, Math.floor(s.length / 2) + 4)]);
}

function expectNoSecrets(what: string, value: unknown, secrets: string[]) {
  const json = typeof value === "string" ? value : JSON.stringify(value);
  for (const trace of secretTraces(secrets)) expect(json.includes(trace), `${what} shows (part of) a secret`).toBe(false);
}

let labId: string;
let otherLabId: string;
let admin: TCaller;
let otherAdmin: TCaller;
let staff: TCaller;
let platformAdmin: TCaller;

beforeAll(async () => {
  // The generic provider calls only hosts the platform allows.
  process.env.GENERIC_HTTP_ALLOWED_HOSTS = "api.vendor.example";
  resetEnv();
  const { labs } = await makeOrgWithLabs(2);
  labId = labs[0]!.id;
  otherLabId = labs[1]!.id;
  admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);
  otherAdmin = callerFor((await makeUser({ labId: otherLabId, role: "LAB_ADMIN" })).principal);
  staff = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
  platformAdmin = callerFor((await makeUser({ isPlatformAdmin: true })).principal);
});

describe("secrets never come out", () => {
  for (const provider of PROVIDER_IDS) {
    it(`${provider}: not from create, list, get, update, activation, reorder, the audit log or a refused config`, async () => {
      const adapters = (await Promise.all(CHANNELS.map(async (channel) => [channel, await loadAdapter(provider, channel)] as const))).filter(
        (entry): entry is readonly [Channel, AnyChannelAdapter] => entry[1] !== null,
      );
      expect(adapters.length).toBeGreaterThan(0);
      const { labs } = await makeOrgWithLabs(1);
      const lab = labs[0]!.id;
      const caller = callerFor((await makeUser({ labId: lab, role: "LAB_ADMIN" })).principal);

      for (const [channel, adapter] of adapters) {
        const config = sampleConfig(provider, channel);
        expect(config, `a sample config for ${provider} ${channel} in this test`).not.toBeNull();
        expect(Object.keys(config!)).toEqual(expect.arrayContaining([...adapter.secretFields]));
        const secrets = adapter.secretFields.map((field) => String(config![field]));
        const plain = Object.fromEntries(Object.entries(config!).filter(([field]) => !adapter.secretFields.includes(field)));

        const created = await caller.businessAccounts.create({ labId: lab, channel, provider, name: `${provider} ${channel}`, config: config! });
        const answers: unknown[] = [created];
        answers.push(await caller.businessAccounts.list({ labId: lab }));
        answers.push(await caller.businessAccounts.get({ labId: lab, id: created.id }));
        answers.push(await caller.businessAccounts.update({ labId: lab, id: created.id, name: `${provider} ${channel} (main)` }));
        // Round trip: the view sent back as it came changes nothing.
        answers.push(await caller.businessAccounts.update({ labId: lab, id: created.id, config: created.config! }));
        // Secrets left out are kept.
        answers.push(await caller.businessAccounts.update({ labId: lab, id: created.id, config: plain, priority: 3 }));
        answers.push(await caller.businessAccounts.deactivate({ labId: lab, id: created.id }));
        answers.push(await caller.businessAccounts.activate({ labId: lab, id: created.id }));
        answers.push(await caller.businessAccounts.reorder({ labId: lab, ids: [created.id] }));

        for (const answer of answers) expectNoSecrets(`${provider} ${channel} answer`, answer, secrets);
        // A provider that signs nothing gets a token-addressed URL, shown on creation only.
        const token = adapter.webhookAuth === "path-token" ? "/[A-Za-z0-9_-]{43}" : "";
        expect(created).toMatchObject({ scope: "lab", labId: lab, webhookUrl: expect.stringMatching(new RegExp(`/api/webhooks/${provider}/${created.id}${token}$`)) });
        expect(created.config).toEqual({ ...plain, ...Object.fromEntries(adapter.secretFields.map((field) => [field, { set: true }])) });
        const stored = await db().businessAccount.findUniqueOrThrow({ where: { id: created.id } });
        expect(openStoredConfig(stored.configEnc)).toEqual(config);

        // A wrong type next to the secrets, on create and on update (with a new secret value).
        const field = Object.keys(plain).find((key) => typeof plain[key] === "string")!;
        const wrong = { ...config!, [field]: 12345 };
        const refusedCreate = await expectTRPCError(caller.businessAccounts.create({ labId: lab, channel, provider, name: "Bad", config: wrong }), "BAD_REQUEST", new RegExp(`config\\.${field}: `));
        const newSecrets = secrets.map(() => hex(32));
        const wrongUpdate = { ...wrong, ...Object.fromEntries(adapter.secretFields.map((field, i) => [field, newSecrets[i]])) };
        const refusedUpdate = await expectTRPCError(caller.businessAccounts.update({ labId: lab, id: created.id, config: wrongUpdate }), "BAD_REQUEST", new RegExp(`config\\.${field}: `));
        for (const refused of [refusedCreate, refusedUpdate]) expectNoSecrets(`${provider} ${channel} error`, `${refused.message} ${refused.cause?.message}`, [...secrets, ...newSecrets]);

        const audit = await db().auditLog.findMany({ where: { targetId: created.id } });
        expect(audit.map((entry) => entry.action)).toContain("businessAccount.update");
        expectNoSecrets(`${provider} ${channel} audit`, audit, secrets);
      }
    });
  }

  it("a schema message that quotes the value does not carry a secret out", () => {
    const secret = `token-${hex(24)}`;
    const adapter = {
      configSchema: z.strictObject({ token: z.string().refine(() => false, { error: (issue) => `token: "${String(issue.input)}" was refused` }) }),
      secretFields: ["token"],
    } as unknown as AnyChannelAdapter;
    const error = (() => {
      try {
        sealAccountConfig(adapter, { token: secret });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).field).toBe("config.token");
    expect((error as AppError).message).toBe('config.token: "[secret]" was refused');
  });
});

describe("update merges the config", () => {
  it("keeps secrets left out or sent as the mask, removes non-secret fields left out, clears a secret sent as null; audits field names only", async () => {
    const secret = `sbx_${hex(24)}`;
    const account = await admin.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "Merge", config: { apiKey: secret, from: "LAB", currency: "SAR" } });
    const stored = async () => openStoredConfig((await db().businessAccount.findUniqueOrThrow({ where: { id: account.id } })).configEnc);
    const configAudits = async () =>
      (await db().auditLog.findMany({ where: { targetId: account.id, action: "businessAccount.update" }, orderBy: { createdAt: "asc" } })).map((a) => a.diff);

    const renamed = await admin.businessAccounts.update({ labId, id: account.id, config: { from: "LAB2" } });
    expect(renamed.config).toEqual({ apiKey: { set: true }, from: "LAB2" });
    expect(await stored()).toEqual({ apiKey: secret, from: "LAB2" });

    const before = await db().businessAccount.findUniqueOrThrow({ where: { id: account.id } });
    await admin.businessAccounts.update({ labId, id: account.id, config: { apiKey: { set: true }, from: "LAB2" } });
    expect(await db().businessAccount.findUniqueOrThrow({ where: { id: account.id } })).toEqual(before);

    const cleared = await admin.businessAccounts.update({ labId, id: account.id, config: { apiKey: null, from: "LAB2" } });
    expect(cleared.config).toEqual({ apiKey: { set: false }, from: "LAB2" });
    expect(await stored()).toEqual({ from: "LAB2" });

    await admin.businessAccounts.update({ labId, id: account.id, config: { apiKey: `${secret}-2`, from: "LAB2" } });
    expect(await stored()).toEqual({ apiKey: `${secret}-2`, from: "LAB2" });

    expect(await configAudits()).toEqual([{ config: { changed: ["currency", "from"] } }, { config: { changed: ["apiKey"] } }, { config: { changed: ["apiKey"] } }]);
  });

  it("validates the merged config with the provider's schema, naming the field, and writes nothing", async () => {
    const account = await admin.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "Strict", config: { from: "LAB" } });
    const before = await db().businessAccount.findUniqueOrThrow({ where: { id: account.id } });
    const error = await expectTRPCError(
      admin.businessAccounts.update({ labId, id: account.id, config: { from: "LAB", lateDeliveryMs: -5, currency: "riyal" } }),
      "BAD_REQUEST",
      /^config\.lateDeliveryMs: .*; config\.currency: expected an ISO 4217 code/,
    );
    expect(error.cause).toMatchObject({ field: "config.lateDeliveryMs" });
    await expectTRPCError(admin.businessAccounts.update({ labId, id: account.id, config: { from: "LAB", bogus: 1 } }), "BAD_REQUEST", /config: .*bogus/);
    expect(await db().businessAccount.findUniqueOrThrow({ where: { id: account.id } })).toEqual(before);
  });

  it("names the known providers for an unknown one", async () => {
    const error = await expectTRPCError(
      admin.businessAccounts.create({ labId, channel: "SMS", provider: "carrier-pigeon" as "sandbox", name: "Bad", config: {} }),
      "BAD_REQUEST",
      `provider: expected one of ${PROVIDER_IDS.join(", ")}`,
    );
    expect(error.message).toContain("sandbox");
  });
});

describe("reorder and activate", () => {
  it("rewrites one channel's priorities to 0, 10, 20 in the order given, inactive accounts included, audited", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const lab = labs[0]!.id;
    const caller = callerFor((await makeUser({ labId: lab, role: "LAB_ADMIN" })).principal);
    const make = (name: string, priority: number) => caller.businessAccounts.create({ labId: lab, channel: "SMS", provider: "sandbox", name, config: {}, priority });
    const [a, b, c] = [await make("A", 0), await make("B", 5), await make("C", 7)];
    await caller.businessAccounts.deactivate({ labId: lab, id: b.id });
    const email = await caller.businessAccounts.create({ labId: lab, channel: "EMAIL", provider: "sandbox", name: "Mail", config: {}, priority: 3 });

    const reordered = await caller.businessAccounts.reorder({ labId: lab, ids: [c.id, a.id, b.id] });

    expect(reordered.map((x) => [x.name, x.priority, x.active])).toEqual([
      ["C", 0, true],
      ["A", 10, true],
      ["B", 20, false],
    ]);
    const listed = (await caller.businessAccounts.list({ labId: lab, channel: "SMS" })).filter((x) => x.scope === "lab");
    expect(listed.map((x) => x.name)).toEqual(["C", "A", "B"]);
    expect((await caller.businessAccounts.get({ labId: lab, id: email.id })).priority).toBe(3);
    const audit = await db().auditLog.findFirstOrThrow({ where: { labId: lab, action: "businessAccount.reorder" } });
    expect(audit.diff).toEqual({
      channel: "SMS",
      order: [c.id, a.id, b.id],
      priority: { [c.id]: { from: 7, to: 0 }, [a.id]: { from: 0, to: 10 }, [b.id]: { from: 5, to: 20 } },
    });
  });

  it("refuses ids that are not exactly the lab's accounts of one channel, naming ids, and changes nothing", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const lab = labs[0]!.id;
    const caller = callerFor((await makeUser({ labId: lab, role: "LAB_ADMIN" })).principal);
    const make = (channel: Channel, name: string) => caller.businessAccounts.create({ labId: lab, channel, provider: "sandbox", name, config: {} });
    const [a, b, mail] = [await make("SMS", "A"), await make("SMS", "B"), await make("EMAIL", "Mail")];
    const foreign = await otherAdmin.businessAccounts.create({ labId: otherLabId, channel: "SMS", provider: "sandbox", name: "Theirs", config: {} });
    const platform = await platformAdmin.businessAccounts.platformCreate({ channel: "SMS", provider: "sandbox", name: "Platform SMS", config: {}, active: false });
    const snapshot = () => db().businessAccount.findMany({ where: { id: { in: [a.id, b.id, mail.id, foreign.id, platform.id] } }, orderBy: { id: "asc" } });
    const before = await snapshot();

    await expectTRPCError(caller.businessAccounts.reorder({ labId: lab, ids: [b.id] }), "BAD_REQUEST", new RegExp(`^ids: expected every SMS account, in order; missing ${a.id}$`));
    await expectTRPCError(caller.businessAccounts.reorder({ labId: lab, ids: [b.id, a.id, b.id] }), "BAD_REQUEST", /^ids: expected each account once; repeated/);
    await expectTRPCError(caller.businessAccounts.reorder({ labId: lab, ids: [b.id, a.id, mail.id] }), "BAD_REQUEST", /^ids: expected the accounts of one channel/);
    await expectTRPCError(caller.businessAccounts.reorder({ labId: lab, ids: [b.id, a.id, foreign.id] }), "BAD_REQUEST", new RegExp(`^ids: .*not found: ${foreign.id}$`));
    await expectTRPCError(caller.businessAccounts.reorder({ labId: lab, ids: [b.id, a.id, platform.id] }), "BAD_REQUEST", new RegExp(`^ids: .*not found: ${platform.id}$`));
    await expectTRPCError(caller.businessAccounts.reorder({ labId: lab, ids: ["no-such-account"] }), "BAD_REQUEST", /^ids: .*not found: no-such-account$/);

    expect(await snapshot()).toEqual(before);
  });

  it("activate puts a deactivated account back into the chain, audited; staff may not", async () => {
    const account = await admin.businessAccounts.create({ labId, channel: "WHATSAPP", provider: "sandbox", name: "WA back", config: {} });
    await admin.businessAccounts.deactivate({ labId, id: account.id });
    await expectTRPCError(staff.businessAccounts.activate({ labId, id: account.id }), "FORBIDDEN");

    expect(await admin.businessAccounts.activate({ labId, id: account.id })).toMatchObject({ id: account.id, active: true });
    expect(await admin.businessAccounts.activate({ labId, id: account.id })).toMatchObject({ active: true });

    const audit = await db().auditLog.findMany({ where: { targetId: account.id, action: "businessAccount.update" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.diff)).toEqual([{ active: { from: true, to: false } }, { active: { from: false, to: true } }]);
  });
});

describe("platform defaults", () => {
  it("are managed by platform admins, masked like a lab's, and shown to labs without being theirs to change", async () => {
    const secret = `sbx_${hex(24)}`;
    // Inactive throughout: a platform default is in every lab's chain, and test files share the database.
    const created = await platformAdmin.businessAccounts.platformCreate({ channel: "EMAIL", provider: "sandbox", name: "Platform mail", config: { apiKey: secret, from: "Herald" }, active: false });
    expect(created).toMatchObject({ labId: null, scope: "platform", active: false, config: { apiKey: { set: true }, from: "Herald" } });
    expect(created.webhookUrl).toMatch(new RegExp(`/api/webhooks/sandbox/${created.id}$`));

    const updated = await platformAdmin.businessAccounts.platformUpdate({ id: created.id, name: "Platform mail (backup)", config: { from: "Herald Labs" }, priority: 9_000 });
    expect(updated).toMatchObject({ name: "Platform mail (backup)", priority: 9_000, config: { apiKey: { set: true }, from: "Herald Labs" } });
    expect(openStoredConfig((await db().businessAccount.findUniqueOrThrow({ where: { id: created.id } })).configEnc)).toEqual({ apiKey: secret, from: "Herald Labs" });
    expect((await platformAdmin.businessAccounts.platformList({ channel: "EMAIL" })).map((a) => a.id)).toContain(created.id);
    expect(await platformAdmin.businessAccounts.platformGet({ id: created.id })).toMatchObject({ id: created.id, scope: "platform" });

    // Labs see it (it is their fallback), masked, and cannot change it through their own procedures.
    const seen = await staff.businessAccounts.get({ labId, id: created.id });
    expect(seen).toMatchObject({ scope: "platform", config: { apiKey: { set: true } } });
    expect((await staff.businessAccounts.list({ labId, channel: "EMAIL" })).find((a) => a.id === created.id)).toMatchObject({ scope: "platform" });
    await expectTRPCError(admin.businessAccounts.update({ labId, id: created.id, name: "mine" }), "NOT_FOUND", /id/);
    await expectTRPCError(admin.businessAccounts.activate({ labId, id: created.id }), "NOT_FOUND", /id/);
    await expectTRPCError(admin.businessAccounts.testSend({ labId, id: created.id, to: "someone@example.test" }), "NOT_FOUND", /id/);

    // Nor do platform procedures reach a lab's account.
    const labAccount = await admin.businessAccounts.create({ labId, channel: "EMAIL", provider: "sandbox", name: "Lab mail", config: {} });
    await expectTRPCError(platformAdmin.businessAccounts.platformUpdate({ id: labAccount.id, name: "taken" }), "NOT_FOUND", /id/);
    await expectTRPCError(platformAdmin.businessAccounts.platformGet({ id: labAccount.id }), "NOT_FOUND", /id/);

    const audit = await db().auditLog.findMany({ where: { targetId: created.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.labId])).toEqual([
      ["businessAccount.create", null],
      ["businessAccount.update", null],
    ]);
    expectNoSecrets("platform audit", audit, [secret]);
  });

  it("a lab admin who is not a platform admin, an API key and lab staff get FORBIDDEN; no credential UNAUTHORIZED", async () => {
    const target = await platformAdmin.businessAccounts.platformCreate({ channel: "SMS", provider: "sandbox", name: "Platform SMS", config: {}, active: false });
    const key = callerFor((await makeApiKey(labId)).principal);
    const calls = (c: TCaller) => [
      c.businessAccounts.platformList({}),
      c.businessAccounts.platformGet({ id: target.id }),
      c.businessAccounts.platformCreate({ channel: "SMS", provider: "sandbox", name: "x", config: {}, active: false }),
      c.businessAccounts.platformUpdate({ id: target.id, name: "x" }),
      c.businessAccounts.platformReorder({ ids: [target.id] }),
      c.businessAccounts.platformTestSend({ id: target.id, to: "+966501234567" }),
    ];
    const before = await db().businessAccount.findMany({ where: { labId: null }, orderBy: { id: "asc" } });
    for (const caller of [admin, staff, key]) for (const call of calls(caller)) await expectTRPCError(call, "FORBIDDEN");
    for (const call of calls(callerFor(null))) await expectTRPCError(call, "UNAUTHORIZED");
    expect(await db().businessAccount.findMany({ where: { labId: null }, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("platformReorder orders the platform defaults of one channel and refuses a lab's account", async () => {
    // No other file then creates WhatsApp platform defaults (ensureSandboxAccounts only fills a channel without one).
    await ensureSandboxAccounts(db());
    await platformAdmin.businessAccounts.platformCreate({ channel: "WHATSAPP", provider: "sandbox", name: "Platform WA spare", config: {}, active: false });
    const defaults = await platformAdmin.businessAccounts.platformList({ channel: "WHATSAPP" });
    const reversed = defaults.map((a) => a.id).reverse();

    const reordered = await platformAdmin.businessAccounts.platformReorder({ ids: reversed });

    expect(reordered.map((a) => [a.id, a.priority])).toEqual(reversed.map((id, i) => [id, i * 10]));
    const labAccount = await admin.businessAccounts.create({ labId, channel: "WHATSAPP", provider: "sandbox", name: "Lab WA", config: {} });
    await expectTRPCError(platformAdmin.businessAccounts.platformReorder({ ids: [...reversed, labAccount.id] }), "BAD_REQUEST", /^ids: expected platform default accounts; not found/);
  });
});

describe("test send", () => {
  it("sends one message through the account's adapter at once and answers with the provider's id, audited; nothing is queued", async () => {
    const account = await admin.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "Test SMS", config: { from: "LAB" }, active: false });
    const messagesBefore = await db().message.count({ where: { labId } });

    const sent = await admin.businessAccounts.testSend({ labId, id: account.id, to: "0501234567" });

    expect(sent).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^sbx-d-\d+-test-/), status: "SENT" });
    expect(await db().message.count({ where: { labId } })).toBe(messagesBefore);
    const audit = await db().auditLog.findFirstOrThrow({ where: { targetId: account.id, action: "businessAccount.testSend" } });
    expect(audit.diff).toMatchObject({ to: "+966501234567", outcome: { ok: true, status: "SENT", providerMessageId: sent.ok ? sent.providerMessageId : "" } });
    expect(audit.labId).toBe(labId);
  });

  it("answers a provider's refusal with its classification, secrets blanked out", async () => {
    const secret = `sbx_${hex(24)}`;
    const account = await admin.businessAccounts.create({
      labId,
      channel: "SMS",
      provider: "sandbox",
      name: "Failing SMS",
      config: { apiKey: secret, rules: [{ toEndsWith: "9999", outcome: { type: "fail_permanently", code: "bad_credentials", scope: "account", message: `key ${secret} was refused` } }] },
    });

    expect(await admin.businessAccounts.testSend({ labId, id: account.id, to: "+966501230000" })).toEqual({
      ok: false,
      error: { code: "invalid_number", message: expect.stringContaining("invalid_number"), kind: "permanent", scope: "recipient" },
    });
    const refused = await admin.businessAccounts.testSend({ labId, id: account.id, to: "+966501239999" });
    expect(refused).toEqual({ ok: false, error: { code: "bad_credentials", message: "key [secret] was refused", kind: "permanent", scope: "account" } });
    const audit = await db().auditLog.findMany({ where: { targetId: account.id, action: "businessAccount.testSend" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => (a.diff as { outcome: unknown }).outcome)).toEqual([
      { ok: false, code: "invalid_number" },
      { ok: false, code: "bad_credentials" },
    ]);
    expectNoSecrets("test send audit", audit, [secret]);
  });

  it("refuses an address the account's channel cannot take, naming to, and sends nothing while the lab's hard stop is on", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const lab = labs[0]!.id;
    const caller = callerFor((await makeUser({ labId: lab, role: "LAB_ADMIN" })).principal);
    const mail = await caller.businessAccounts.create({ labId: lab, channel: "EMAIL", provider: "sandbox", name: "Mail", config: {} });
    const sms = await caller.businessAccounts.create({ labId: lab, channel: "SMS", provider: "sandbox", name: "SMS", config: {} });

    await expectTRPCError(caller.businessAccounts.testSend({ labId: lab, id: mail.id, to: "+966501234567" }), "BAD_REQUEST", /^to: expected an email address/);
    await expectTRPCError(caller.businessAccounts.testSend({ labId: lab, id: sms.id, to: "reception@example.test" }), "BAD_REQUEST", /^to: expected a valid phone number, national \(SA\)/);
    await caller.labs.updateSettings({ labId: lab, hardStop: true });
    await expectTRPCError(caller.businessAccounts.testSend({ labId: lab, id: sms.id, to: "0501234567" }), "PRECONDITION_FAILED", /hard stop/);
    expect(await db().auditLog.count({ where: { labId: lab, action: "businessAccount.testSend" } })).toBe(0);
  });

  it("allows 10 test sends per account per minute, counted in the database", async () => {
    const account = await admin.businessAccounts.create({ labId, channel: "EMAIL", provider: "sandbox", name: "Busy mail", config: {} });
    const other = await admin.businessAccounts.create({ labId, channel: "EMAIL", provider: "sandbox", name: "Quiet mail", config: {} });
    const sends = await Promise.all(Array.from({ length: 10 }, (_, i) => admin.businessAccounts.testSend({ labId, id: account.id, to: `reception+${i}@example.test` })));
    expect(sends.every((s) => s.ok)).toBe(true);

    await expectTRPCError(admin.businessAccounts.testSend({ labId, id: account.id, to: "reception@example.test" }), "TOO_MANY_REQUESTS", /^id: at most 10 test sends per account per minute; try again in \d+ s$/);
    expect(await admin.businessAccounts.testSend({ labId, id: other.id, to: "reception@example.test" })).toMatchObject({ ok: true });
    expect(await db().auditLog.count({ where: { targetId: account.id, action: "businessAccount.testSend" } })).toBe(10);
  });

  it("platformTestSend sends through a platform default; its numbers must be international", async () => {
    const account = await platformAdmin.businessAccounts.platformCreate({ channel: "SMS", provider: "sandbox", name: "Platform test SMS", config: {}, active: false });
    await expectTRPCError(platformAdmin.businessAccounts.platformTestSend({ id: account.id, to: "0501234567" }), "BAD_REQUEST", /^to: expected a valid international phone number/);
    expect(await platformAdmin.businessAccounts.platformTestSend({ id: account.id, to: "+966501234567" })).toMatchObject({ ok: true, status: "SENT" });
  });
});
