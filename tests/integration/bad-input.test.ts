import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { callerFor, labSnapshot, makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

type TInput = Record<string, unknown>;
type TCaller = ReturnType<typeof callerFor>;
type TProcedure = (input: TInput) => Promise<unknown>;

/** Looks a procedure up by its path, so every procedure can share one table of bad inputs. */
function procedureAt(caller: TCaller, path: string): TProcedure {
  const [namespace, name] = path.split(".") as [string, string];
  return (caller as unknown as Record<string, Record<string, TProcedure>>)[namespace]![name]!;
}

/** Wrong type, empty and over-long values for each field of a valid input, plus an unknown field. */
function badVariants(valid: TInput): { label: string; field: string; input: TInput }[] {
  const variants: { label: string; field: string; input: TInput }[] = [{ label: "unknown field", field: "bogusField", input: { ...valid, bogusField: "x" } }];
  for (const [field, value] of Object.entries(valid)) {
    if (typeof value === "string") {
      variants.push({ label: `${field} of wrong type`, field, input: { ...valid, [field]: 12345 } });
      variants.push({ label: `${field} empty`, field, input: { ...valid, [field]: "" } });
      variants.push({ label: `${field} over-long`, field, input: { ...valid, [field]: "x".repeat(5000) } });
    } else if (typeof value === "boolean") {
      variants.push({ label: `${field} of wrong type`, field, input: { ...valid, [field]: "yes" } });
    } else if (typeof value === "number") {
      variants.push({ label: `${field} of wrong type`, field, input: { ...valid, [field]: "ten" } });
      variants.push({ label: `${field} out of range`, field, input: { ...valid, [field]: 1e9 } });
    }
  }
  return variants;
}

let labId: string;
let otherLabId: string;
let organizationId: string;
let caller: TCaller;
let targets: { partnerId: string; partnerContactId: string; apiKeyId: string; membershipId: string; invitationId: string; templateId: string; contactId: string; businessAccountId: string; platformAccountId: string };

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  const { organization, labs } = await makeOrgWithLabs(2);
  organizationId = organization.id;
  labId = labs[0]!.id;
  otherLabId = labs[1]!.id;
  const admin = await makeUser({ isPlatformAdmin: true });
  caller = callerFor(admin.principal);
  const staff = await makeUser({ labId, role: "LAB_STAFF" });
  await makeUser({ labId, role: "LAB_ADMIN" });
  const key = await makeApiKey(labId);
  const invite = await caller.members.invite({ labId, email: `pending-${uniq()}@example.test`, role: "LAB_STAFF" });
  const membership = await caller.members.list({ labId });
  const { template } = await caller.templates.createOverride({ labId, triggerKey: "REPORT_READY", channel: "SMS", language: "en" });
  const contact = await caller.contacts.upsert({ labId, externalId: `patient-${uniq()}` });
  const account = await caller.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "SMS", config: {} });
  // Inactive: a platform default is in every lab's chain, and test files share the database.
  const platformAccount = await caller.businessAccounts.platformCreate({ channel: "SMS", provider: "sandbox", name: "Platform SMS", config: {}, active: false });
  const partner = await caller.partners.create({ labId, name: "Al Salam Clinic", type: "CLINIC", externalId: `clinic-${uniq()}` });
  const withContact = await caller.partners.saveContact({ labId, partnerId: partner.id, name: "Reception", email: "desk@clinic.example", channels: ["EMAIL"] });
  targets = {
    partnerId: partner.id,
    partnerContactId: withContact.contacts[0]!.id,
    apiKeyId: key.apiKey.id,
    membershipId: membership.members.find((m) => m.user.id === staff.user.id)!.id,
    invitationId: invite.kind === "invited" ? invite.invitationId : "",
    templateId: template.id,
    contactId: contact.id,
    businessAccountId: account.id,
    platformAccountId: platformAccount.id,
  };
});

// A valid input for each procedure that takes one; each bad variant of it must be refused.
const validInputs: Record<string, () => TInput> = {
  "labs.get": () => ({ labId }),
  "labs.updateSettings": () => ({
    labId,
    name: "Renamed lab",
    hardStop: false,
    defaultLanguage: "ar",
    country: "SA",
    timezone: "Asia/Riyadh",
    quietHoursStart: "22:00",
    quietHoursEnd: "07:00",
    retentionDays: 30,
  }),
  "labs.create": () => ({ organizationId, name: "New lab", slug: `new-${uniq()}` }),
  "apiKeys.list": () => ({ labId }),
  "apiKeys.create": () => ({ labId, name: "integration", scope: "lab" }),
  "apiKeys.revoke": () => ({ labId, id: targets.apiKeyId }),
  "members.list": () => ({ labId }),
  "members.invite": () => ({ labId, email: `new-${uniq()}@example.test`, role: "LAB_STAFF" }),
  "members.changeRole": () => ({ labId, membershipId: targets.membershipId, role: "LAB_ADMIN" }),
  "members.remove": () => ({ labId, membershipId: targets.membershipId }),
  "members.revokeInvitation": () => ({ labId, invitationId: targets.invitationId }),
  "notifications.send": () => ({
    labId,
    trigger: "REPORT_READY",
    recipient: { externalId: "p-1", phone: "+966501234567" },
    variables: { patientName: "Sara" },
    language: "ar",
    idempotencyKey: "order-1",
    sendAt: new Date(Date.now() + 3_600_000).toISOString(),
  }),
  "notifications.sendMany": () => ({ labId, idempotencyKey: "batch-1", items: [{ trigger: "REPORT_READY", recipient: { contactId: "c1" } }] }),
  "notifications.cancel": () => ({ labId, messageIds: ["m1"] }),
  "messages.list": () => ({
    labId,
    status: "FAILED",
    channel: "SMS",
    trigger: "REPORT_READY",
    contactId: "c1",
    externalId: "p-1",
    to: "+966501234567",
    provider: "twilio",
    since: "2026-01-01T00:00:00Z",
    until: "2026-02-01T00:00:00Z",
    cursor: "page-2",
    limit: 20,
  }),
  "messages.get": () => ({ labId, messageId: "m1" }),
  "messages.retry": () => ({ labId, messageId: "m1" }),
  "triggers.list": () => ({ labId }),
  "triggers.enable": () => ({ labId, triggerKey: "REPORT_READY", channel: "SMS", enabled: true }),
  "triggers.setMany": () => ({ labId, triggerKeys: ["REPORT_READY"], channels: ["SMS"], enabled: true }),
  "triggers.recommended": () => ({ labId }),
  "triggers.enableRecommended": () => ({ labId }),
  "templates.list": () => ({ labId, triggerKey: "REPORT_READY", channel: "SMS", audience: "PARTNER" }),
  "templates.get": () => ({ labId, templateId: targets.templateId }),
  "templates.createOverride": () => ({ labId, triggerKey: "BILL_RECEIPT", channel: "SMS", language: "ar", audience: "PARTNER" }),
  "templates.update": () => ({ labId, templateId: targets.templateId, content: { body: "Hi {{ patientName }}: {{ reportUrl }}" } }),
  "templates.activate": () => ({ labId, templateId: targets.templateId }),
  "templates.deactivate": () => ({ labId, templateId: targets.templateId }),
  "templates.versions": () => ({ labId, templateId: targets.templateId, cursor: 5, limit: 20 }),
  "templates.diff": () => ({ labId, templateId: targets.templateId, from: 1, to: 2 }),
  "templates.restore": () => ({ labId, templateId: targets.templateId, version: 1 }),
  "templates.preview": () => ({ labId, templateId: targets.templateId }),
  "templates.validate": () => ({ labId, triggerKey: "REPORT_READY", channel: "SMS", language: "en", audience: "PARTNER", content: { body: "{{ partnerName }}" } }),
  "contacts.upsert": () => ({ labId, externalId: `p-${uniq()}`, name: "Sara", phone: "0501234567", whatsapp: "0501234567", email: "sara@example.test", language: "ar" }),
  "contacts.get": () => ({ labId, contactId: targets.contactId }),
  "contacts.search": () => ({ labId, query: "Sara", cursor: "page-2", limit: 20 }),
  "contacts.consentHistory": () => ({ labId, contactId: targets.contactId, cursor: "page-2", limit: 20 }),
  "contacts.suppressions": () => ({ labId, contactId: targets.contactId }),
  "audit.list": () => ({
    labId,
    actorId: "u1",
    action: "contact.consent",
    targetType: "contact",
    targetId: "c1",
    since: "2026-01-01T00:00:00Z",
    until: "2026-02-01T00:00:00Z",
    cursor: "page-2",
    limit: 20,
  }),
  "organizations.list": () => ({ cursor: "page-2", limit: 20 }),
  "organizations.create": () => ({ name: "Gulf Diagnostics", slug: `gulf-${uniq()}` }),
  "contacts.updateConsent": () => ({ labId, contactId: targets.contactId, channel: "SMS", status: "WITHDRAWN", source: "sms-stop" }),
  "contacts.setPreference": () => ({ labId, contactId: targets.contactId, category: "reminder", optedOut: true, source: "patient-portal" }),
  "businessAccounts.list": () => ({ labId, channel: "SMS" }),
  "businessAccounts.providers": () => ({ labId }),
  "businessAccounts.health": () => ({ labId, channel: "EMAIL" }),
  "businessAccounts.get": () => ({ labId, id: targets.businessAccountId }),
  "businessAccounts.create": () => ({ labId, channel: "SMS", provider: "sandbox", name: "Backup SMS", config: { from: "LAB" }, priority: 5, maxAttempts: 3, active: false, atLeastOnce: true, sendRatePerSecond: 10 }),
  "businessAccounts.update": () => ({ labId, id: targets.businessAccountId, name: "Renamed", config: { from: "LAB" }, priority: 5, maxAttempts: 3, active: true, atLeastOnce: false, sendRatePerSecond: 5 }),
  "businessAccounts.activate": () => ({ labId, id: targets.businessAccountId }),
  "businessAccounts.deactivate": () => ({ labId, id: targets.businessAccountId }),
  "businessAccounts.setPriority": () => ({ labId, id: targets.businessAccountId, priority: 5 }),
  "businessAccounts.reorder": () => ({ labId, ids: [targets.businessAccountId] }),
  "businessAccounts.rotateWebhookToken": () => ({ labId, id: targets.businessAccountId }),
  "businessAccounts.testSend": () => ({ labId, id: targets.businessAccountId, to: "+966501234567" }),
  "businessAccounts.platformList": () => ({ channel: "SMS" }),
  "businessAccounts.platformGet": () => ({ id: targets.platformAccountId }),
  "businessAccounts.platformCreate": () => ({ channel: "SMS", provider: "sandbox", name: "Platform backup", config: {}, priority: 5, maxAttempts: 3, active: false }),
  "businessAccounts.platformUpdate": () => ({ id: targets.platformAccountId, name: "Renamed", config: {}, priority: 5, maxAttempts: 3, active: false }),
  "businessAccounts.platformReorder": () => ({ ids: [targets.platformAccountId] }),
  "businessAccounts.platformTestSend": () => ({ id: targets.platformAccountId, to: "+966501234567" }),
  "suppressions.list": () => ({ labId, channel: "SMS", addressPrefix: "+9665", reason: "manual", cursor: "page-2", limit: 20 }),
  "suppressions.add": () => ({ labId, channel: "SMS", address: "+966501234567", note: "asked at the front desk" }),
  "suppressions.remove": () => ({ labId, id: "s1" }),
  "otp.start": () => ({
    labId,
    to: "+966501234567",
    email: "sara@example.test",
    channels: ["SMS", "EMAIL"],
    purpose: "portal_login",
    language: "ar",
    codeLength: 6,
    idempotencyKey: "login-1",
  }),
  "otp.check": () => ({ labId, challengeId: "c1", to: "+966501234567", purpose: "portal_login", code: "123456" }),
  "otp.cancel": () => ({ labId, challengeId: "c1", to: "+966501234567", purpose: "portal_login" }),
  "otp.get": () => ({ labId, challengeId: "c1" }),
  "campaigns.list": () => ({ labId, cursor: "page-2", limit: 20 }),
  "campaigns.get": () => ({ labId, campaignId: "c1" }),
  "campaigns.create": () => ({ labId, name: "Closure notice", columns: ["phone"], idempotencyKey: "upload-1" }),
  "campaigns.appendRows": () => ({ labId, campaignId: "c1", startRow: 1, rows: [["0501234567"]] }),
  "campaigns.configure": () => ({ labId, campaignId: "c1", triggerKey: "REPORT_READY", channels: ["SMS"], language: "ar", mapping: { phone: "phone" } }),
  "campaigns.errors": () => ({ labId, campaignId: "c1", afterRow: 0, limit: 50 }),
  "campaigns.preview": () => ({ labId, campaignId: "c1", limit: 5 }),
  "campaigns.start": () => ({ labId, campaignId: "c1", sendAt: "2030-01-01T09:00:00+03:00" }),
  "campaigns.pause": () => ({ labId, campaignId: "c1" }),
  "campaigns.resume": () => ({ labId, campaignId: "c1" }),
  "campaigns.cancel": () => ({ labId, campaignId: "c1" }),
  "campaigns.setPace": () => ({ labId, ratePerSecond: 50 }),
  "otp.list": () => ({ labId, status: "PENDING", purpose: "portal_login", cursor: "c1", limit: 20 }),
  "otp.stats": () => ({ labId, since: "2026-01-01T00:00:00Z", until: "2026-02-01T00:00:00Z" }),
  "otp.settings": () => ({ labId }),
  "otp.updateSettings": () => ({
    labId,
    channels: ["SMS", "WHATSAPP", "EMAIL"],
    expiryMinutes: 10,
    codeLength: 6,
    resendCooldownSeconds: 30,
    fallbackAfterSeconds: 60,
    startsPerCallerPerMinute: 100,
    startsPerLabPerHour: 1000,
    countries: ["SA", "AE"],
    allowOtherCountries: false,
  }),
  "stats.overview": () => ({
    labId,
    from: "2026-01-01T00:00:00Z",
    to: "2026-02-01T00:00:00Z",
    granularity: "day",
    channel: "SMS",
    triggerKey: "REPORT_READY",
    provider: "twilio",
  }),
  "partners.list": () => ({ labId, query: "Salam", cursor: "page-2", limit: 20 }),
  "partners.get": () => ({ labId, partnerId: targets.partnerId }),
  "partners.create": () => ({ labId, name: "Al Noor Hospital", type: "HOSPITAL", externalId: `hosp-${uniq()}`, timezone: "Asia/Riyadh", active: true }),
  "partners.update": () => ({ labId, partnerId: targets.partnerId, name: "Renamed", type: "INSURER", externalId: `ins-${uniq()}`, timezone: "Asia/Dubai", active: false }),
  "partners.saveContact": () => ({
    labId,
    partnerId: targets.partnerId,
    partnerContactId: targets.partnerContactId,
    name: "Dr. Omar",
    phone: "0501234567",
    whatsapp: "0501234567",
    email: "omar@clinic.example",
    language: "ar",
    channels: ["SMS", "EMAIL"],
    triggers: ["REPORT_READY"],
    consent: ["EMAIL"],
  }),
  "partners.removeContact": () => ({ labId, partnerId: targets.partnerId, partnerContactId: targets.partnerContactId }),
  "partners.setRule": () => ({ labId, partnerId: targets.partnerId, rule: { triggerKey: "REPORT_READY", channels: ["EMAIL"], notifyPatient: false, delivery: "DIGEST", digestAt: "17:00" } }),
  "partners.removeRule": () => ({ labId, partnerId: targets.partnerId, triggerKey: "REPORT_READY" }),
  "invitations.get": () => ({ token: "t".repeat(32) }),
  "invitations.accept": () => ({ token: "t".repeat(32), name: "New Person", password: "long-enough-password" }),
};

describe("bad input is refused with the field named, and nothing is written", () => {
  for (const path of Object.keys(validInputs)) {
    it(path, async () => {
      const valid = validInputs[path]!();
      const before = await labSnapshot([labId, otherLabId]);
      for (const variant of badVariants(valid)) {
        const error = await expectTRPCError(procedureAt(caller, path)(variant.input), "BAD_REQUEST");
        expect(error.message, `${path} with ${variant.label}`).toContain(variant.field);
      }
      expect(await labSnapshot([labId, otherLabId])).toEqual(before);
    });
  }

  it("a cursor that no page gave is named", async () => {
    await expectTRPCError(caller.contacts.search({ labId, cursor: "page-2" }), "BAD_REQUEST", /cursor: expected the nextCursor of a previous page/);
    await expectTRPCError(caller.audit.list({ labId, cursor: "page-2" }), "BAD_REQUEST", /cursor: expected the nextCursor of a previous page/);
  });

  it("a non-object input is refused", async () => {
    await expectTRPCError(procedureAt(caller, "labs.get")("lab" as unknown as TInput), "BAD_REQUEST", /labId|object/);
  });

  it("OTP inputs out of their rules are named", async () => {
    await expectTRPCError(caller.otp.start({ labId, to: "+966501234567", purpose: "Portal Login" }), "BAD_REQUEST", /purpose: expected lowercase/);
    await expectTRPCError(caller.otp.start({ labId, to: "+966501234567", purpose: "portal_login", codeLength: 3, channels: ["SMS", "SMS"] }), "BAD_REQUEST", /channels: expected each channel once.*codeLength: expected at least 4 digits|codeLength: expected at least 4 digits.*channels: expected each channel once/);
    await expectTRPCError(caller.otp.start({ labId, to: "not a number", purpose: "portal_login" }), "BAD_REQUEST", /to: expected a valid phone number/);
    await expectTRPCError(caller.otp.start({ labId, to: "sara@example.test", channels: ["SMS", "EMAIL"], purpose: "portal_login" }), "BAD_REQUEST", /channels: SMS cannot reach this recipient/);
    await expectTRPCError(caller.otp.check({ labId, code: "123456" }), "BAD_REQUEST", /to: expected challengeId, or to with purpose; purpose: expected challengeId/);
    await expectTRPCError(caller.otp.check({ labId, challengeId: "c1", code: "12ab56" }), "BAD_REQUEST", /code: expected digits only/);
    await expectTRPCError(caller.otp.updateSettings({ labId, expiryMinutes: 1, countries: ["XX"] }), "BAD_REQUEST", /expiryMinutes: expected at least 2 minutes.*countries\.0|countries\.0.*expiryMinutes: expected at least 2 minutes/);
  });

  it("campaign inputs name every field at fault", async () => {
    await expectTRPCError(caller.campaigns.create({ labId, name: "x", columns: ["phone", "phone", ""] }), "BAD_REQUEST", /columns: expected each column name once|columns\.2: must not be empty/);
    await expectTRPCError(
      caller.campaigns.appendRows({ labId, campaignId: "c1", startRow: 0, rows: [["ok"], [1 as unknown as string]] }),
      "BAD_REQUEST",
      /startRow: expected at least 1.*rows\.1\.0: expected text cells/,
    );
    await expectTRPCError(
      caller.campaigns.configure({ labId, campaignId: "c1", triggerKey: "REPORT_READY", channels: [], mapping: { phone: "", variables: { "bad name": "x" } } }),
      "BAD_REQUEST",
      /channels: expected at least one channel.*mapping\.phone: must not be empty.*mapping\.variables/,
    );
    await expectTRPCError(caller.campaigns.start({ labId, campaignId: "c1", sendAt: new Date(Date.now() - 60_000) }), "BAD_REQUEST", /sendAt: expected a time in the future/);
    await expectTRPCError(caller.campaigns.setPace({ labId, ratePerSecond: 0 }), "BAD_REQUEST", /ratePerSecond: expected at least 0\.1 messages a second/);
    await expectTRPCError(caller.campaigns.setPace({ labId, ratePerSecond: Number.NaN }), "BAD_REQUEST", /ratePerSecond: expected messages a second/);
    await expectTRPCError(caller.campaigns.setPace({ labId } as never), "BAD_REQUEST", /ratePerSecond: expected messages a second/);
  });

  it("bulk trigger changes name every list entry at fault", async () => {
    await expectTRPCError(caller.triggers.setMany({ labId, triggerKeys: ["REPORT_READY", "bad key", ""], enabled: true }), "BAD_REQUEST", /triggerKeys\.1: .*triggerKeys\.2: /s);
    await expectTRPCError(caller.triggers.setMany({ labId, channels: ["SMS", "FAX" as "SMS"], enabled: true }), "BAD_REQUEST", /channels\.1: expected one of SMS, WHATSAPP, EMAIL/);
    await expectTRPCError(caller.triggers.setMany({ labId, triggerKeys: [], enabled: true }), "BAD_REQUEST", /triggerKeys: expected at least one trigger/);
    await expectTRPCError(caller.triggers.setMany({ labId, triggerKeys: ["NO_SUCH", "SAMPLE_COLLECTED", "ALSO_NOT"], channels: ["EMAIL"], enabled: true }), "BAD_REQUEST", /triggerKeys\.0: no trigger NO_SUCH; triggerKeys\.1: SAMPLE_COLLECTED is not sent on EMAIL .*; triggerKeys\.2: no trigger ALSO_NOT/);
  });

  it("partner inputs out of their rules are named, each of them", async () => {
    const partnerId = targets.partnerId;
    await expectTRPCError(caller.partners.create({ labId, name: "X", type: "SHOP" as "CLINIC", timezone: "Mars/Olympus" }), "BAD_REQUEST", /type: expected one of CLINIC, HOSPITAL, CORPORATE, INSURER, OTHER.*timezone: expected an IANA time zone/);
    await expectTRPCError(
      caller.partners.update({ labId, partnerId, name: " ", type: "SHOP" as "CLINIC", externalId: "", timezone: "Mars/Olympus", active: "yes" as unknown as boolean }),
      "BAD_REQUEST",
      /^name: must not be empty; type: expected one of CLINIC, HOSPITAL, CORPORATE, INSURER, OTHER; externalId: must not be empty; timezone: expected an IANA time zone.*; active: expected true or false$/,
    );
    await expectTRPCError(caller.partners.saveContact({ labId, partnerId, name: "X", email: "x@example.test", channels: [] }), "BAD_REQUEST", /channels: expected at least one channel/);
    await expectTRPCError(caller.partners.saveContact({ labId, partnerId, name: "X", email: "x@example.test", channels: ["EMAIL", "EMAIL"], triggers: ["bad key"] }), "BAD_REQUEST", /channels: expected each channel once.*triggers\.0: expected an upper-case trigger key/);
    await expectTRPCError(
      caller.partners.setRule({ labId, partnerId, rule: { triggerKey: "REPORT_READY", channels: ["FAX" as "SMS"], notifyPatient: "no" as unknown as boolean, delivery: "DIGEST", digestAt: "25:00" } }),
      "BAD_REQUEST",
      /rule\.channels\.0: expected one of SMS, WHATSAPP, EMAIL.*rule\.notifyPatient: expected true or false.*rule\.digestAt: expected a 24-hour time/,
    );
    await expectTRPCError(caller.partners.setRule({ labId, partnerId, rule: { triggerKey: "REPORT_READY", channels: ["SMS"], notifyPatient: true, delivery: "DIGEST", digestWindowMinutes: 1 } }), "BAD_REQUEST", /rule\.digestWindowMinutes: expected at least 5 minutes/);
  });

  it("a template's audience out of its values, or partners for a patient-only trigger, is named", async () => {
    await expectTRPCError(caller.templates.list({ labId, audience: "CLINIC" as "PARTNER" }), "BAD_REQUEST", /^audience: expected one of PATIENT, PARTNER/);
    await expectTRPCError(
      caller.templates.preview({ labId, draft: { triggerKey: "REPORT_READY", channel: "SMS", language: "en", audience: "BOTH" as "PARTNER", content: { body: "x" } } }),
      "BAD_REQUEST",
      /draft\.audience: expected one of PATIENT, PARTNER/,
    );
    const before = await labSnapshot([labId]);
    await expectTRPCError(
      caller.templates.createOverride({ labId, triggerKey: "APPOINTMENT_REMINDER", channel: "EMAIL", language: "en", audience: "PARTNER", content: { subject: "{{ partnerName }}", html: "<p>{{ appointmentAt }}</p>" } }),
      "BAD_REQUEST",
      /^audience: APPOINTMENT_REMINDER is told to patients only/,
    );
    expect(await labSnapshot([labId])).toEqual(before);
  });

  it("a template version that does not exist is named", async () => {
    await expectTRPCError(caller.templates.diff({ labId, templateId: targets.templateId, from: 1, to: 99 }), "NOT_FOUND", /^to: this template has no version 99/);
    await expectTRPCError(caller.templates.restore({ labId, templateId: targets.templateId, version: 42 }), "NOT_FOUND", /^version: this template has no version 42/);
  });

  it("an unknown time zone, country or clock time is named", async () => {
    await expectTRPCError(caller.labs.updateSettings({ labId, timezone: "Mars/Olympus" }), "BAD_REQUEST", /timezone: expected an IANA time zone/);
    await expectTRPCError(caller.labs.updateSettings({ labId, country: "XX" }), "BAD_REQUEST", /country/);
    await expectTRPCError(caller.labs.updateSettings({ labId, quietHoursStart: "25:00", quietHoursEnd: "07:00" }), "BAD_REQUEST", /quietHoursStart: expected a 24-hour time/);
  });
});
