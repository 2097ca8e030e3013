import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { AppError } from "@/server/errors";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { callerFor, makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: ReturnType<typeof callerFor>;
let staff: ReturnType<typeof callerFor>;
let api: ReturnType<typeof callerFor>;

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);
  staff = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
  api = callerFor((await makeApiKey(labId)).principal);
});

const newPartner = (fields: Partial<{ name: string; externalId: string }> = {}) =>
  admin.partners.create({ labId, name: fields.name ?? `Al Salam Clinic ${uniq()}`, type: "CLINIC", externalId: fields.externalId ?? `clinic-${uniq()}` });

describe("partners", () => {
  it("a partner keeps its contacts (a lab contact each, with consent) and its rules, and every change is audited", async () => {
    const partner = await newPartner();
    expect(partner).toMatchObject({ labId, type: "CLINIC", active: true, contacts: [], rules: [] });

    const withContact = await admin.partners.saveContact({
      labId,
      partnerId: partner.id,
      name: "Dr. Omar",
      phone: "0501234567",
      email: "omar@clinic.example",
      language: "ar",
      channels: ["SMS", "EMAIL"],
      triggers: ["REPORT_READY"],
      consent: ["EMAIL"],
    });
    const [link] = withContact.contacts;
    expect(link).toMatchObject({ channels: ["SMS", "EMAIL"], triggers: ["REPORT_READY"], contact: { name: "Dr. Omar", phone: "+966501234567", language: "ar" } });
    expect(link!.contact.consents).toEqual([expect.objectContaining({ channel: "EMAIL", status: "GRANTED", source: "partner-agreement" })]);

    const ruled = await admin.partners.setRule({
      labId,
      partnerId: partner.id,
      rule: { triggerKey: "REPORT_READY", channels: ["EMAIL"], notifyPatient: false, delivery: "DIGEST", digestAt: "17:00" },
    });
    expect(ruled.rules).toEqual([expect.objectContaining({ triggerKey: "REPORT_READY", channels: ["EMAIL"], notifyPatient: false, delivery: "DIGEST", digestAt: "17:00", digestWindowMinutes: null })]);

    // Replacing the rule clears what the new one does not use.
    const immediate = await admin.partners.setRule({ labId, partnerId: partner.id, rule: { triggerKey: "REPORT_READY", channels: ["SMS"], notifyPatient: true, delivery: "IMMEDIATE" } });
    expect(immediate.rules).toEqual([expect.objectContaining({ channels: ["SMS"], delivery: "IMMEDIATE", digestAt: null })]);

    const renamed = await admin.partners.update({ labId, partnerId: partner.id, name: "Al Salam Hospital", type: "HOSPITAL", timezone: "Asia/Dubai" });
    expect(renamed).toMatchObject({ name: "Al Salam Hospital", type: "HOSPITAL", timezone: "Asia/Dubai", externalId: partner.externalId });

    const removed = await admin.partners.removeContact({ labId, partnerId: partner.id, partnerContactId: link!.id });
    expect(removed.contacts).toEqual([]);
    // The person stays a lab contact: their consent history is the lab's record.
    expect(await db().contact.count({ where: { id: link!.contact.id } })).toBe(1);
    expect((await admin.partners.removeRule({ labId, partnerId: partner.id, triggerKey: "REPORT_READY" })).rules).toEqual([]);

    const actions = await db().auditLog.findMany({ where: { labId, targetId: partner.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual([
      "partner.create",
      "partner.contact.create",
      "partner.rule.set",
      "partner.rule.set",
      "partner.update",
      "partner.contact.remove",
      "partner.rule.remove",
    ]);
  });

  it("lists the lab's partners newest first, searched by name or external id, a page at a time", async () => {
    const tag = uniq();
    const first = await newPartner({ name: `Search ${tag} one`, externalId: `ext-${tag}-1` });
    const second = await newPartner({ name: `Search ${tag} two`, externalId: `ext-${tag}-2` });
    const page = await staff.partners.list({ labId, query: `search ${tag}`, limit: 1 });
    expect(page.partners.map((p) => p.id)).toEqual([second.id]);
    expect(page.partners[0]).toMatchObject({ contactCount: 0, ruleCount: 0 });
    const next = await staff.partners.list({ labId, query: `search ${tag}`, limit: 1, cursor: page.nextCursor! });
    expect(next.partners.map((p) => p.id)).toEqual([first.id]);
    expect(next.nextCursor).toBeNull();
    expect((await api.partners.list({ labId, query: `ext-${tag}-1` })).partners.map((p) => p.id)).toEqual([first.id]);
  });

  it("refuses a second partner with the same external id, naming it", async () => {
    const partner = await newPartner();
    await expectTRPCError(newPartner({ externalId: partner.externalId! }), "CONFLICT", /externalId: another partner of this lab has this external id/);
  });

  it("an edit to an external id another partner has is refused, naming that partner, and changes nothing; null clears the optional fields", async () => {
    const holder = await newPartner({ name: `Gulf Hospital ${uniq()}` });
    const partner = await newPartner();
    const refused = await expectTRPCError(
      admin.partners.update({ labId, partnerId: partner.id, name: "Renamed", externalId: holder.externalId }),
      "CONFLICT",
      `externalId: another partner of this lab has this external id ("${holder.externalId}" is ${holder.name}'s)`,
    );
    // The dashboard says it in the viewer's language from these.
    expect((refused.cause as AppError).issues).toEqual([
      expect.objectContaining({ path: ["externalId"], params: { reason: "partner_external_id_taken", externalId: holder.externalId, partner: holder.name } }),
    ]);
    expect(await admin.partners.get({ labId, partnerId: partner.id })).toMatchObject({ name: partner.name, externalId: partner.externalId });
    expect(await db().auditLog.count({ where: { labId, targetId: partner.id, action: "partner.update" } })).toBe(0);
    // Its own external id is no clash.
    await expect(admin.partners.update({ labId, partnerId: partner.id, externalId: partner.externalId })).resolves.toMatchObject({ externalId: partner.externalId });

    const cleared = await admin.partners.update({ labId, partnerId: partner.id, externalId: null, timezone: null, type: "INSURER" });
    expect(cleared).toMatchObject({ externalId: null, timezone: null, type: "INSURER" });
    const audit = await db().auditLog.findFirstOrThrow({ where: { labId, targetId: partner.id, action: "partner.update" } });
    expect(audit.diff).toEqual({ externalId: { from: partner.externalId, to: null }, type: { from: "CLINIC", to: "INSURER" } });
    // The freed id is another partner's to take.
    await expect(newPartner({ externalId: partner.externalId! })).resolves.toMatchObject({ externalId: partner.externalId });
  });

  it("names every contact field at fault and writes nothing", async () => {
    const partner = await newPartner();
    const before = await db().contact.count({ where: { labId } });
    await expectTRPCError(
      admin.partners.saveContact({ labId, partnerId: partner.id, name: "Reception", phone: "12", channels: ["SMS", "EMAIL"], triggers: ["OTP", "NO_SUCH"], consent: ["WHATSAPP"] }),
      "BAD_REQUEST",
      /phone: expected a valid phone number.*channels\.1: EMAIL needs an email.*consent\.0: WHATSAPP is not one of this contact's channels.*triggers\.0: OTP is told to patients only.*triggers\.1: no trigger NO_SUCH/,
    );
    expect(await db().contact.count({ where: { labId } })).toBe(before);
    expect((await admin.partners.get({ labId, partnerId: partner.id })).contacts).toEqual([]);
  });

  it("refuses rules a partner cannot have: a patient-only trigger, a channel the trigger does not use, an incomplete digest", async () => {
    const partner = await newPartner();
    await expectTRPCError(admin.partners.setRule({ labId, partnerId: partner.id, rule: { triggerKey: "OTP", channels: ["SMS"], notifyPatient: true, delivery: "IMMEDIATE" } }), "BAD_REQUEST", /triggerKey: OTP is told to patients only/);
    await expectTRPCError(
      admin.partners.setRule({ labId, partnerId: partner.id, rule: { triggerKey: "SAMPLE_COLLECTED", channels: ["EMAIL"], notifyPatient: true, delivery: "IMMEDIATE" } }),
      "BAD_REQUEST",
      /triggerKey: SAMPLE_COLLECTED is told to patients only/,
    );
    await expectTRPCError(admin.partners.setRule({ labId, partnerId: partner.id, rule: { triggerKey: "REPORT_READY", channels: ["SMS"], notifyPatient: true, delivery: "DIGEST" } }), "BAD_REQUEST", /rule\.digestAt: a digest needs either digestAt/);
    await expectTRPCError(
      admin.partners.setRule({ labId, partnerId: partner.id, rule: { triggerKey: "REPORT_READY", channels: ["SMS"], notifyPatient: true, delivery: "IMMEDIATE", digestWindowMinutes: 60 } }),
      "BAD_REQUEST",
      /rule\.digestWindowMinutes: only a DIGEST rule/,
    );
    expect((await admin.partners.get({ labId, partnerId: partner.id })).rules).toEqual([]);
  });

  it("staff and API keys read partners; only lab admins change them", async () => {
    const partner = await newPartner();
    await expect(staff.partners.get({ labId, partnerId: partner.id })).resolves.toMatchObject({ id: partner.id });
    await expectTRPCError(staff.partners.update({ labId, partnerId: partner.id, name: "Taken over" }), "FORBIDDEN");
    await expectTRPCError(api.partners.create({ labId, name: "From a key", type: "INSURER" }), "FORBIDDEN");
  });
});
