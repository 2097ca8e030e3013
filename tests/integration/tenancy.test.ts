import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { appRouter } from "@/server/api/root";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { authenticateApiKeyWithLab } from "@/server/services/api-keys/authenticate-api-key";
import { callerFor, labSnapshot, makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { otpPhone } from "./otp-helpers";

type TCaller = ReturnType<typeof callerFor>;
type TTargets = {
  apiKeyId: string;
  membershipId: string;
  invitationId: string;
  trigger: string;
  failedMessageId: string;
  templateId: string;
  contactId: string;
  businessAccountId: string;
  suppressionId: string;
  otpChallengeId: string;
  partnerId: string;
  partnerContactId: string;
  campaignId: string;
};
type TCase = {
  path: string;
  admin: boolean;
  /** Sends or acts on messages, or changes contacts and consent: lab admins and API keys may, staff may not. */
  sender?: boolean;
  /** The call names a row (key, member, invitation) besides the lab. */
  targeted?: boolean;
  call: (c: TCaller, labId: string, t: TTargets) => Promise<unknown>;
};

// Every lab-scoped procedure, with a valid call; the coverage test below fails
// when a new lab-scoped procedure is added without a case here.
const cases: TCase[] = [
  { path: "labs.get", admin: false, call: (c, labId) => c.labs.get({ labId }) },
  { path: "labs.updateSettings", admin: true, call: (c, labId) => c.labs.updateSettings({ labId, hardStop: true, retentionDays: 30 }) },
  { path: "apiKeys.list", admin: false, call: (c, labId) => c.apiKeys.list({ labId }) },
  { path: "apiKeys.create", admin: true, call: (c, labId) => c.apiKeys.create({ labId, name: "intruder" }) },
  { path: "apiKeys.revoke", admin: true, targeted: true, call: (c, labId, t) => c.apiKeys.revoke({ labId, id: t.apiKeyId }) },
  { path: "members.list", admin: false, call: (c, labId) => c.members.list({ labId }) },
  { path: "members.invite", admin: true, call: (c, labId) => c.members.invite({ labId, email: `x-${uniq()}@example.test`, role: "LAB_ADMIN" }) },
  { path: "members.changeRole", admin: true, targeted: true, call: (c, labId, t) => c.members.changeRole({ labId, membershipId: t.membershipId, role: "LAB_ADMIN" }) },
  { path: "members.remove", admin: true, targeted: true, call: (c, labId, t) => c.members.remove({ labId, membershipId: t.membershipId }) },
  { path: "members.revokeInvitation", admin: true, targeted: true, call: (c, labId, t) => c.members.revokeInvitation({ labId, invitationId: t.invitationId }) },
  { path: "notifications.send", admin: false, sender: true, call: (c, labId, t) => c.notifications.send({ labId, trigger: t.trigger, recipient: newRecipient(), variables: VARIABLES }) },
  { path: "notifications.sendMany", admin: false, sender: true, call: (c, labId, t) => c.notifications.sendMany({ labId, items: [{ trigger: t.trigger, recipient: newRecipient(), variables: VARIABLES }] }) },
  { path: "notifications.cancel", admin: false, sender: true, call: (c, labId, t) => c.notifications.cancel({ labId, messageIds: [t.failedMessageId] }) },
  { path: "messages.list", admin: false, call: (c, labId) => c.messages.list({ labId }) },
  { path: "messages.get", admin: false, targeted: true, call: (c, labId, t) => c.messages.get({ labId, messageId: t.failedMessageId }) },
  { path: "messages.retry", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.messages.retry({ labId, messageId: t.failedMessageId }) },
  { path: "triggers.list", admin: false, call: (c, labId) => c.triggers.list({ labId }) },
  { path: "triggers.enable", admin: true, call: (c, labId) => c.triggers.enable({ labId, triggerKey: "REPORT_READY", channel: "SMS", enabled: true }) },
  { path: "triggers.setMany", admin: true, call: (c, labId) => c.triggers.setMany({ labId, channels: ["EMAIL"], enabled: true }) },
  { path: "triggers.recommended", admin: false, call: (c, labId) => c.triggers.recommended({ labId }) },
  { path: "triggers.enableRecommended", admin: true, call: (c, labId) => c.triggers.enableRecommended({ labId }) },
  { path: "templates.list", admin: false, call: (c, labId) => c.templates.list({ labId }) },
  { path: "templates.get", admin: false, targeted: true, call: (c, labId, t) => c.templates.get({ labId, templateId: t.templateId }) },
  { path: "templates.createOverride", admin: true, call: (c, labId) => c.templates.createOverride({ labId, triggerKey: "OTP", channel: "EMAIL", language: "ar" }) },
  {
    path: "templates.update",
    admin: true,
    targeted: true,
    call: (c, labId, t) => c.templates.update({ labId, templateId: t.templateId, content: { body: `Report for {{ patientName }} ${uniq()}: {{ reportUrl }}` } }),
  },
  { path: "templates.activate", admin: true, targeted: true, call: (c, labId, t) => c.templates.activate({ labId, templateId: t.templateId }) },
  { path: "templates.deactivate", admin: true, targeted: true, call: (c, labId, t) => c.templates.deactivate({ labId, templateId: t.templateId }) },
  { path: "templates.versions", admin: false, targeted: true, call: (c, labId, t) => c.templates.versions({ labId, templateId: t.templateId }) },
  { path: "templates.diff", admin: false, targeted: true, call: (c, labId, t) => c.templates.diff({ labId, templateId: t.templateId, from: 1, to: 1 }) },
  { path: "templates.restore", admin: true, targeted: true, call: (c, labId, t) => c.templates.restore({ labId, templateId: t.templateId, version: 1 }) },
  { path: "templates.preview", admin: false, targeted: true, call: (c, labId, t) => c.templates.preview({ labId, templateId: t.templateId }) },
  {
    path: "templates.validate",
    admin: false,
    call: (c, labId) => c.templates.validate({ labId, triggerKey: "REPORT_READY", channel: "SMS", language: "en", content: { body: "{{ reportUrl }}" } }),
  },
  // The lab's systems and admins keep contacts and consent in step; read-only staff may not change them.
  { path: "contacts.upsert", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.contacts.upsert({ labId, contactId: t.contactId, name: `Renamed ${uniq()}` }) },
  { path: "contacts.get", admin: false, targeted: true, call: (c, labId, t) => c.contacts.get({ labId, contactId: t.contactId }) },
  { path: "contacts.search", admin: false, call: (c, labId) => c.contacts.search({ labId, query: "0501234567" }) },
  { path: "contacts.consentHistory", admin: false, targeted: true, call: (c, labId, t) => c.contacts.consentHistory({ labId, contactId: t.contactId }) },
  { path: "contacts.suppressions", admin: false, targeted: true, call: (c, labId, t) => c.contacts.suppressions({ labId, contactId: t.contactId }) },
  // Who changed what is for the lab's admins: staff and API keys get FORBIDDEN.
  { path: "audit.list", admin: true, call: (c, labId) => c.audit.list({ labId, action: "contact.consent" }) },
  {
    path: "contacts.updateConsent",
    admin: false,
    sender: true,
    targeted: true,
    call: (c, labId, t) => c.contacts.updateConsent({ labId, contactId: t.contactId, channel: "SMS", status: "WITHDRAWN", source: `test-${uniq()}` }),
  },
  {
    path: "contacts.setPreference",
    admin: false,
    sender: true,
    targeted: true,
    call: (c, labId, t) => c.contacts.setPreference({ labId, contactId: t.contactId, category: "reminder", optedOut: true, source: `test-${uniq()}` }),
  },
  { path: "businessAccounts.list", admin: false, call: (c, labId) => c.businessAccounts.list({ labId }) },
  { path: "businessAccounts.create", admin: true, call: (c, labId) => c.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "intruder", config: {} }) },
  { path: "businessAccounts.update", admin: true, targeted: true, call: (c, labId, t) => c.businessAccounts.update({ labId, id: t.businessAccountId, name: `Renamed ${uniq()}` }) },
  { path: "businessAccounts.setPriority", admin: true, targeted: true, call: (c, labId, t) => c.businessAccounts.setPriority({ labId, id: t.businessAccountId, priority: 7 }) },
  { path: "businessAccounts.deactivate", admin: true, targeted: true, call: (c, labId, t) => c.businessAccounts.deactivate({ labId, id: t.businessAccountId }) },
  { path: "businessAccounts.providers", admin: false, call: (c, labId) => c.businessAccounts.providers({ labId }) },
  { path: "businessAccounts.health", admin: false, call: (c, labId) => c.businessAccounts.health({ labId }) },
  { path: "businessAccounts.get", admin: false, targeted: true, call: (c, labId, t) => c.businessAccounts.get({ labId, id: t.businessAccountId }) },
  { path: "businessAccounts.activate", admin: true, targeted: true, call: (c, labId, t) => c.businessAccounts.activate({ labId, id: t.businessAccountId }) },
  { path: "businessAccounts.rotateWebhookToken", admin: true, targeted: true, call: (c, labId, t) => c.businessAccounts.rotateWebhookToken({ labId, id: t.businessAccountId }) },
  // Not `targeted`: ids that are not the lab's own are BAD_REQUEST naming ids (as unknown ones are), so nothing can be probed.
  { path: "businessAccounts.reorder", admin: true, call: (c, labId, t) => c.businessAccounts.reorder({ labId, ids: [t.businessAccountId] }) },
  {
    path: "businessAccounts.testSend",
    admin: true,
    targeted: true,
    call: (c, labId, t) => c.businessAccounts.testSend({ labId, id: t.businessAccountId, to: "reception@example.test" }),
  },
  {
    path: "stats.overview",
    admin: false,
    call: (c, labId) => c.stats.overview({ labId, from: new Date(Date.now() - 7 * 86_400_000), to: new Date(), granularity: "day", channel: "SMS" }),
  },
  { path: "suppressions.list", admin: false, call: (c, labId) => c.suppressions.list({ labId }) },
  { path: "suppressions.add", admin: true, call: (c, labId) => c.suppressions.add({ labId, channel: "EMAIL", address: `intruder-${uniq()}@example.test` }) },
  { path: "suppressions.remove", admin: true, targeted: true, call: (c, labId, t) => c.suppressions.remove({ labId, id: t.suppressionId }) },
  { path: "otp.start", admin: false, sender: true, call: (c, labId) => c.otp.start({ labId, to: otpPhone(), purpose: "portal_login" }) },
  { path: "otp.check", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.otp.check({ labId, challengeId: t.otpChallengeId, code: "123456" }) },
  { path: "otp.cancel", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.otp.cancel({ labId, challengeId: t.otpChallengeId }) },
  { path: "otp.get", admin: false, targeted: true, call: (c, labId, t) => c.otp.get({ labId, challengeId: t.otpChallengeId }) },
  { path: "otp.list", admin: false, call: (c, labId) => c.otp.list({ labId }) },
  { path: "otp.stats", admin: false, call: (c, labId) => c.otp.stats({ labId }) },
  { path: "otp.settings", admin: false, call: (c, labId) => c.otp.settings({ labId }) },
  { path: "partners.list", admin: false, call: (c, labId) => c.partners.list({ labId, query: "Clinic" }) },
  { path: "partners.get", admin: false, targeted: true, call: (c, labId, t) => c.partners.get({ labId, partnerId: t.partnerId }) },
  { path: "partners.create", admin: true, call: (c, labId) => c.partners.create({ labId, name: `Intruder ${uniq()}`, type: "CLINIC" }) },
  { path: "partners.update", admin: true, targeted: true, call: (c, labId, t) => c.partners.update({ labId, partnerId: t.partnerId, name: `Renamed ${uniq()}` }) },
  {
    path: "partners.saveContact",
    admin: true,
    targeted: true,
    call: (c, labId, t) => c.partners.saveContact({ labId, partnerId: t.partnerId, name: "Intruder", email: `x-${uniq()}@example.test`, channels: ["EMAIL"] }),
  },
  { path: "partners.removeContact", admin: true, targeted: true, call: (c, labId, t) => c.partners.removeContact({ labId, partnerId: t.partnerId, partnerContactId: t.partnerContactId }) },
  {
    path: "partners.setRule",
    admin: true,
    targeted: true,
    call: (c, labId, t) => c.partners.setRule({ labId, partnerId: t.partnerId, rule: { triggerKey: "REPORT_READY", channels: ["SMS"], notifyPatient: false, delivery: "IMMEDIATE" } }),
  },
  { path: "partners.removeRule", admin: true, targeted: true, call: (c, labId, t) => c.partners.removeRule({ labId, partnerId: t.partnerId, triggerKey: "REPORT_READY" }) },
  { path: "otp.updateSettings", admin: true, call: (c, labId) => c.otp.updateSettings({ labId, expiryMinutes: 5, countries: ["SA", "AE"] }) },
  // In this order: the API key's own calls take the lab's campaign from draft through start, pause, resume and cancel.
  { path: "campaigns.list", admin: false, call: (c, labId) => c.campaigns.list({ labId }) },
  { path: "campaigns.get", admin: false, targeted: true, call: (c, labId, t) => c.campaigns.get({ labId, campaignId: t.campaignId }) },
  { path: "campaigns.errors", admin: false, targeted: true, call: (c, labId, t) => c.campaigns.errors({ labId, campaignId: t.campaignId }) },
  { path: "campaigns.preview", admin: false, targeted: true, call: (c, labId, t) => c.campaigns.preview({ labId, campaignId: t.campaignId }) },
  { path: "campaigns.create", admin: false, sender: true, call: (c, labId) => c.campaigns.create({ labId, name: "Intruder", columns: ["phone"] }) },
  {
    path: "campaigns.appendRows",
    admin: false,
    sender: true,
    targeted: true,
    call: (c, labId, t) => c.campaigns.appendRows({ labId, campaignId: t.campaignId, startRow: 2, rows: [[`p-${uniq()}`, "0501234568", "R-2"]] }),
  },
  { path: "campaigns.configure", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.campaigns.configure({ labId, campaignId: t.campaignId, ...CAMPAIGN_SETTINGS(t.trigger) }) },
  { path: "campaigns.start", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.campaigns.start({ labId, campaignId: t.campaignId }) },
  { path: "campaigns.pause", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.campaigns.pause({ labId, campaignId: t.campaignId }) },
  { path: "campaigns.resume", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.campaigns.resume({ labId, campaignId: t.campaignId }) },
  { path: "campaigns.cancel", admin: false, sender: true, targeted: true, call: (c, labId, t) => c.campaigns.cancel({ labId, campaignId: t.campaignId }) },
  { path: "campaigns.setPace", admin: true, call: (c, labId) => c.campaigns.setPace({ labId, ratePerSecond: 50 }) },
];

const CAMPAIGN_SETTINGS = (trigger: string) => ({
  triggerKey: trigger,
  channels: ["SMS" as const],
  mapping: { externalId: "id", phone: "phone", variables: { patientName: "id", reportId: "report" } },
});

/** A lab with an admin, a staff member, a key, a pending invitation, a template override, a contact and a provider account. */
async function makeTenant() {
  const { organization, labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const admin = await makeUser({ labId: lab.id, role: "LAB_ADMIN" });
  const staff = await makeUser({ labId: lab.id, role: "LAB_STAFF" });
  const key = await makeApiKey(lab.id);
  const invite = await callerFor(admin.principal).members.invite({ labId: lab.id, email: `invitee-${uniq()}@example.test`, role: "LAB_STAFF" });
  const staffMembership = await db().membership.findFirstOrThrow({ where: { labId: lab.id, userId: staff.user.id } });
  // A failed message, so messages.get and messages.retry have a target (retry takes only failed ones).
  // Scheduled a day ahead first, so no executor of another test file dispatches it meanwhile.
  const trigger = await makeTrigger({ enableFor: [lab.id], channels: ["SMS"] });
  const sendAt = new Date(Date.now() + 24 * 60 * 60_000).toISOString();
  const sent = await callerFor(key.principal).notifications.send({ labId: lab.id, trigger, recipient: newRecipient(), variables: VARIABLES, sendAt });
  const failed = await db().message.update({ where: { id: sent.channels[0]!.messageId }, data: { status: "FAILED" } });
  const { template } = await callerFor(admin.principal).templates.createOverride({ labId: lab.id, triggerKey: "REPORT_READY", channel: "SMS", language: "en" });
  const contact = await callerFor(key.principal).contacts.upsert({ labId: lab.id, externalId: `patient-${uniq()}`, phone: "0501234567" });
  const account = await callerFor(admin.principal).businessAccounts.create({ labId: lab.id, channel: "EMAIL", provider: "sandbox", name: "Mail", config: {} });
  const suppression = await callerFor(admin.principal).suppressions.add({ labId: lab.id, channel: "SMS", address: "0501234567" });
  await enableAllTriggers(db(), lab.id);
  const otp = await callerFor(key.principal).otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
  const campaign = await callerFor(admin.principal).campaigns.create({ labId: lab.id, name: "Closure notice", columns: ["id", "phone", "report"] });
  await callerFor(admin.principal).campaigns.appendRows({ labId: lab.id, campaignId: campaign.id, startRow: 1, rows: [[`p-${uniq()}`, "0501234567", "R-1"]] });
  await callerFor(admin.principal).campaigns.configure({ labId: lab.id, campaignId: campaign.id, ...CAMPAIGN_SETTINGS(trigger) });
  await forgetOtpJobs(lab.id);
  const partner = await callerFor(admin.principal).partners.create({ labId: lab.id, name: `Clinic ${uniq()}`, type: "CLINIC", externalId: `clinic-${uniq()}` });
  const partnerContact = await callerFor(admin.principal).partners.saveContact({ labId: lab.id, partnerId: partner.id, name: "Reception", email: `desk-${uniq()}@example.test`, channels: ["EMAIL"] });
  await callerFor(admin.principal).partners.setRule({ labId: lab.id, partnerId: partner.id, rule: { triggerKey: "REPORT_READY", channels: ["EMAIL"], notifyPatient: true, delivery: "IMMEDIATE" } });
  const targets: TTargets = {
    apiKeyId: key.apiKey.id,
    membershipId: staffMembership.id,
    invitationId: invite.kind === "invited" ? invite.invitationId : "",
    trigger,
    failedMessageId: failed.id,
    templateId: template.id,
    contactId: contact.id,
    businessAccountId: account.id,
    suppressionId: suppression.id,
    otpChallengeId: otp.challengeId,
    partnerId: partner.id,
    partnerContactId: partnerContact.contacts[0]!.id,
    campaignId: campaign.id,
  };
  return { organization, lab, admin, staff, key, targets };
}

/**
 * Drops the OTP lane's jobs of a lab (and its campaign steps): an executor of another test file running the app's registry
 * would otherwise send its codes while a test compares the lab before and after a refused call.
 */
async function forgetOtpJobs(labId: string): Promise<void> {
  await db().job.deleteMany({ where: { name: { in: ["dispatch-otp", "check-otp-delivery", "run-campaign"] }, payload: { path: ["labId"], equals: labId } } });
}

let a: Awaited<ReturnType<typeof makeTenant>>;
let b: Awaited<ReturnType<typeof makeTenant>>;

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  a = await makeTenant();
  b = await makeTenant();
});

afterEach(async () => {
  await forgetOtpJobs(a.lab.id);
  await forgetOtpJobs(b.lab.id);
});

describe("tenant isolation", () => {
  it("covers every procedure whose input carries labId", () => {
    const labScoped = Object.entries(appRouter._def.procedures)
      .filter(([, procedure]) => {
        const inputs = (procedure as unknown as { _def: { inputs: { shape?: Record<string, unknown> }[] } })._def.inputs;
        return inputs.some((input) => input.shape && "labId" in input.shape);
      })
      .map(([path]) => path)
      .sort();
    expect(labScoped).toEqual(cases.map((c) => c.path).sort());
  });

  for (const testCase of cases) {
    it(`${testCase.path}: lab A's admin cannot reach lab B`, async () => {
      const before = await labSnapshot([b.lab.id]);
      await expectTRPCError(testCase.call(callerFor(a.admin.principal), b.lab.id, b.targets), "NOT_FOUND");
      expect(await labSnapshot([b.lab.id])).toEqual(before);
    });

    if (testCase.targeted) {
      it(`${testCase.path}: lab A's admin cannot touch lab B's rows through lab A`, async () => {
        const before = await labSnapshot([a.lab.id, b.lab.id]);
        await expectTRPCError(testCase.call(callerFor(a.admin.principal), a.lab.id, b.targets), "NOT_FOUND");
        expect(await labSnapshot([a.lab.id, b.lab.id])).toEqual(before);
      });
    }

    it(`${testCase.path}: lab A's API key cannot reach lab B`, async () => {
      const before = await labSnapshot([b.lab.id]);
      await expectTRPCError(testCase.call(callerFor(a.key.principal), b.lab.id, b.targets), "NOT_FOUND");
      expect(await labSnapshot([b.lab.id])).toEqual(before);
    });

    if (testCase.admin) {
      it(`${testCase.path}: lab staff and API keys get FORBIDDEN in their own lab`, async () => {
        const before = await labSnapshot([a.lab.id]);
        await expectTRPCError(testCase.call(callerFor(a.staff.principal), a.lab.id, a.targets), "FORBIDDEN");
        await expectTRPCError(testCase.call(callerFor(a.key.principal), a.lab.id, a.targets), "FORBIDDEN");
        expect(await labSnapshot([a.lab.id])).toEqual(before);
      });
    } else if (testCase.sender) {
      it(`${testCase.path}: lab staff get FORBIDDEN, the lab's API key may act in its own lab`, async () => {
        const state = () =>
          Promise.all([
            db().message.findMany({ where: { labId: a.lab.id }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
            db().contact.findMany({ where: { labId: a.lab.id }, orderBy: { id: "asc" }, include: { consents: true, preferences: true } }),
          ]);
        const before = await state();
        await expectTRPCError(testCase.call(callerFor(a.staff.principal), a.lab.id, a.targets), "FORBIDDEN");
        expect(await state()).toEqual(before);
        await expect(testCase.call(callerFor(a.key.principal), a.lab.id, a.targets)).resolves.toBeDefined();
      });
    } else {
      it(`${testCase.path}: lab staff and the lab's API key may read their own lab`, async () => {
        await expect(testCase.call(callerFor(a.staff.principal), a.lab.id, a.targets)).resolves.toBeDefined();
        await expect(testCase.call(callerFor(a.key.principal), a.lab.id, a.targets)).resolves.toBeDefined();
      });
    }

    it(`${testCase.path}: no credential gets UNAUTHORIZED`, async () => {
      await expectTRPCError(testCase.call(callerFor(null), a.lab.id, a.targets), "UNAUTHORIZED");
    });
  }

  it("a lab's partner template override is its own: another lab lists the platform default and cannot read or change it", async () => {
    const { template } = await callerFor(a.admin.principal).templates.createOverride({
      labId: a.lab.id,
      triggerKey: "BILL_RECEIPT",
      channel: "SMS",
      language: "ar",
      audience: "PARTNER",
      content: { body: `{{ partnerName }} ${uniq()}: {% for e in events %}{{ e.invoiceNumber }} {% endfor %}` },
    });
    const seenBy = async (labId: string) => (await callerFor(b.admin.principal).templates.list({ labId, triggerKey: "BILL_RECEIPT", channel: "SMS", audience: "PARTNER" })).find((e) => e.language === "ar");
    expect(await seenBy(b.lab.id)).toMatchObject({ effective: "platform", override: null });
    const before = await labSnapshot([a.lab.id, b.lab.id]);
    const intruder = callerFor(b.admin.principal);
    await expectTRPCError(intruder.templates.list({ labId: a.lab.id, audience: "PARTNER" }), "NOT_FOUND");
    for (const labId of [a.lab.id, b.lab.id]) {
      await expectTRPCError(intruder.templates.get({ labId, templateId: template.id }), "NOT_FOUND");
      await expectTRPCError(intruder.templates.preview({ labId, templateId: template.id }), "NOT_FOUND");
      await expectTRPCError(intruder.templates.update({ labId, templateId: template.id, content: { body: "{{ partnerName }}" } }), "NOT_FOUND");
      await expectTRPCError(intruder.templates.restore({ labId, templateId: template.id, version: 1 }), "NOT_FOUND");
    }
    expect(await labSnapshot([a.lab.id, b.lab.id])).toEqual(before);
  });

  it("labs.list and me.get show only the caller's labs", async () => {
    const labs = await callerFor(a.admin.principal).labs.list();
    expect(labs.map((l) => l.id)).toEqual([a.lab.id]);
    expect(labs[0]!.role).toBe("LAB_ADMIN");
    const me = await callerFor(a.key.principal).me.get();
    expect(me.labs.map((l) => l.id)).toEqual([a.lab.id]);
    expect(me.labs[0]!.role).toBe("API_KEY");
  });

  it("a platform admin reaches every lab", async () => {
    const { principal } = await makeUser({ isPlatformAdmin: true });
    const lab = await callerFor(principal).labs.get({ labId: b.lab.id });
    expect(lab).toMatchObject({ id: b.lab.id, role: "PLATFORM_ADMIN" });
  });

  it("an organization-wide key reaches the organization's labs and no other", async () => {
    const { organization, labs } = await makeOrgWithLabs(2);
    const { principal } = await makeApiKey(labs[0]!.id, "organization");
    const caller = callerFor(principal);
    expect((await caller.labs.list()).map((l) => l.id).sort()).toEqual(labs.map((l) => l.id).sort());
    expect((await caller.labs.get({ labId: labs[1]!.id })).organizationId).toBe(organization.id);
    await expectTRPCError(caller.labs.get({ labId: a.lab.id }), "NOT_FOUND");
  });
});

describe("API key authentication through the HTTP context", () => {
  const callerWithBearer = async (token: string) => createCaller(await createTRPCContext({ headers: new Headers({ authorization: `Bearer ${token}` }) }));

  it("a valid key works and records its last use", async () => {
    const { key, apiKey } = await makeApiKey(a.lab.id);
    expect(apiKey.lastUsedAt).toBeNull();
    const lab = await (await callerWithBearer(key)).labs.get({ labId: a.lab.id });
    expect(lab.id).toBe(a.lab.id);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.lastUsedAt).toBeInstanceOf(Date);
  });

  it("a lab's key reads its own lab with the key (every column as Prisma reads it) and reaches no other lab", async () => {
    const { key } = await makeApiKey(a.lab.id);
    const authenticated = await authenticateApiKeyWithLab(db(), key);
    expect(authenticated!.lab).toEqual(await db().lab.findUniqueOrThrow({ where: { id: a.lab.id } }));
    const caller = await callerWithBearer(key);
    const snapshotB = await labSnapshot([b.lab.id]);
    await expectTRPCError(caller.notifications.send({ labId: b.lab.id, trigger: "REPORT_READY", recipient: newRecipient(), variables: VARIABLES }), "NOT_FOUND");
    await expectTRPCError(caller.labs.get({ labId: b.lab.id }), "NOT_FOUND");
    expect(await labSnapshot([b.lab.id])).toEqual(snapshotB);
    // An organization's key has no lab of its own: its labs are read as before.
    const organizationKey = await makeApiKey(a.lab.id, "organization");
    expect((await authenticateApiKeyWithLab(db(), organizationKey.key))!.lab).toBeNull();
    expect((await (await callerWithBearer(organizationKey.key)).labs.get({ labId: a.lab.id })).id).toBe(a.lab.id);
  });

  it("a wrong key gets UNAUTHORIZED", async () => {
    await expectTRPCError((await callerWithBearer(`hk_${"x".repeat(43)}`)).labs.get({ labId: a.lab.id }), "UNAUTHORIZED", /invalid or revoked API key/);
    await expectTRPCError((await callerWithBearer("not-a-key")).me.get(), "UNAUTHORIZED");
  });

  it("a revoked key gets UNAUTHORIZED", async () => {
    const { key, apiKey } = await makeApiKey(a.lab.id);
    await callerFor(a.admin.principal).apiKeys.revoke({ labId: a.lab.id, id: apiKey.id });
    await expectTRPCError((await callerWithBearer(key)).labs.get({ labId: a.lab.id }), "UNAUTHORIZED");
  });
});
