import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { loadContactsForSend } from "@/server/services/contacts/load-contacts-for-send";
import { callerFor, makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let indiaLabId: string;
let api: ReturnType<typeof callerFor>;
let staff: ReturnType<typeof callerFor>;

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(2);
  labId = labs[0]!.id;
  indiaLabId = (await db().lab.update({ where: { id: labs[1]!.id }, data: { country: "IN" } })).id;
  api = callerFor((await makeApiKey(labId)).principal);
  staff = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
});

describe("contacts", () => {
  it("normalises phones to E.164 in the lab's country", async () => {
    const saudi = await api.contacts.upsert({ labId, externalId: `p-${uniq()}`, name: "Sara", phone: "0501234567", whatsapp: "050 123 4567", language: "ar" });
    expect(saudi).toMatchObject({ phone: "+966501234567", whatsapp: "+966501234567", language: "ar", consents: [], preferences: [] });
    const admin = callerFor((await makeUser({ labId: indiaLabId, role: "LAB_ADMIN" })).principal);
    const indian = await admin.contacts.upsert({ labId: indiaLabId, phone: "98765 43210" });
    expect(indian.phone).toBe("+919876543210");
  });

  it("refuses an invalid phone or email naming the field, and writes nothing", async () => {
    const externalId = `p-${uniq()}`;
    await expectTRPCError(api.contacts.upsert({ labId, externalId, phone: "050123" }), "BAD_REQUEST", /^phone: expected a valid phone number for SA/);
    await expectTRPCError(api.contacts.upsert({ labId, externalId, whatsapp: "+1 555" }), "BAD_REQUEST", /^whatsapp: expected a valid phone number/);
    await expectTRPCError(api.contacts.upsert({ labId, externalId, email: "sara@" }), "BAD_REQUEST", /^email: expected an email address/);
    expect(await db().contact.count({ where: { labId, externalId } })).toBe(0);
  });

  it("upserts by external id, updates by id, and gets by either", async () => {
    const externalId = `p-${uniq()}`;
    const first = await api.contacts.upsert({ labId, externalId, name: "Sara", email: "sara@example.test" });
    const second = await api.contacts.upsert({ labId, externalId, phone: "+966501234567" });
    expect(second).toMatchObject({ id: first.id, name: "Sara", email: "sara@example.test", phone: "+966501234567" });
    const renamed = await api.contacts.upsert({ labId, contactId: first.id, name: "Sara A." });
    expect(renamed).toMatchObject({ id: first.id, name: "Sara A.", phone: "+966501234567" });
    expect(await staff.contacts.get({ labId, externalId })).toMatchObject({ id: first.id, name: "Sara A." });
    expect(await api.contacts.get({ labId, contactId: first.id })).toMatchObject({ externalId });

    const audit = await db().auditLog.findMany({ where: { labId, targetId: first.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["contact.upsert", "contact.upsert", "contact.update"]);
    expect(audit[2]!.diff).toEqual({ name: { from: "Sara", to: "Sara A." } });

    await expectTRPCError(api.contacts.get({ labId }), "BAD_REQUEST", /give either a contactId or an externalId/);
    await expectTRPCError(api.contacts.get({ labId, externalId: "nobody" }), "NOT_FOUND", /externalId: contact not found/);
    const other = await api.contacts.upsert({ labId, externalId: `p-${uniq()}` });
    await expectTRPCError(api.contacts.upsert({ labId, contactId: other.id, externalId }), "CONFLICT", /externalId/);
  });

  it("records a consent withdrawal with its time and source, which the send flow sees", async () => {
    const contact = await api.contacts.upsert({ labId, externalId: `p-${uniq()}`, phone: "0501234567" });
    await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "GRANTED", source: "registration-form", at: new Date("2026-01-01T09:00:00Z") });
    const before = Date.now();
    const withdrawn = await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "sms-stop" });
    expect(withdrawn.consents).toEqual([{ channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at: expect.any(Date) }]);
    expect(withdrawn.consents[0]!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const [forSend] = await loadContactsForSend(db(), { labId, contactIds: [contact.id] });
    expect(forSend!.consents.SMS).toMatchObject({ status: "WITHDRAWN", source: "sms-stop" });
    const audit = await db().auditLog.findMany({ where: { labId, targetId: contact.id, action: { startsWith: "contact.consent" } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["contact.consent.grant", "contact.consent.withdraw"]);
    expect(audit[1]!.diff).toMatchObject({ channel: "SMS", status: { from: "GRANTED", to: "WITHDRAWN" }, source: "sms-stop" });

    await expectTRPCError(
      api.contacts.updateConsent({ labId, contactId: contact.id, channel: "EMAIL", status: "GRANTED", source: "api", at: new Date(Date.now() + 86_400_000) }),
      "BAD_REQUEST",
      /^at: must not be in the future/,
    );
  });

  it("opts a contact out of a category and back in", async () => {
    const contact = await api.contacts.upsert({ labId, externalId: `p-${uniq()}` });
    const optedOut = await api.contacts.setPreference({ labId, contactId: contact.id, category: "reminder", optedOut: true, source: "patient-portal" });
    expect(optedOut.preferences).toEqual([{ category: "reminder", optedOut: true, source: "patient-portal", at: expect.any(Date) }]);
    expect((await loadContactsForSend(db(), { labId, contactIds: [contact.id] }))[0]!.optedOutCategories).toEqual(["reminder"]);

    await api.contacts.setPreference({ labId, contactId: contact.id, category: "reminder", optedOut: false, source: "patient-portal" });
    expect((await loadContactsForSend(db(), { labId, contactIds: [contact.id] }))[0]!.optedOutCategories).toEqual([]);
    const count = await db().auditLog.count({ where: { labId, targetId: contact.id } });
    await api.contacts.setPreference({ labId, contactId: contact.id, category: "reminder", optedOut: false, source: "patient-portal" });
    expect(await db().auditLog.count({ where: { labId, targetId: contact.id } })).toBe(count);
  });
});
