import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { upsertContacts, type TUpsertContactResult } from "@/server/services/contacts/upsert-contacts";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import { loadContactsForSend } from "@/server/services/contacts/load-contacts-for-send";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";

/** The contact of a result that must have succeeded. */
function contactOf(result: TUpsertContactResult | undefined) {
  if (!result?.ok) throw new Error(`expected a contact, got ${JSON.stringify(result)}`);
  return result.contact;
}

let labId: string;
let otherLabId: string;

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(2);
  labId = labs[0]!.id;
  otherLabId = labs[1]!.id;
});

describe("upsertContacts", () => {
  it("normalises phones in the lab's country and fails only the invalid entries, naming every bad field", async () => {
    const u = uniq();
    const results = await upsertContacts(db(), {
      labId,
      country: "SA",
      contacts: [
        { externalId: `p-${u}-1`, name: "Sara", phone: "0501234567", language: "ar" },
        { externalId: `p-${u}-2`, phone: "12345" },
        { name: "Walk-in", email: "not-an-email" },
        { name: "Walk-in", email: "walkin@example.test", whatsapp: "+966 55 123 4567" },
        { externalId: `p-${u}-5`, phone: "12", whatsapp: "+1 555 0100", email: "nobody@" },
      ],
    });
    expect(results[0]).toMatchObject({ ok: true, contact: { labId, externalId: `p-${u}-1`, name: "Sara", phone: "+966501234567", language: "ar", consents: {}, optedOutCategories: [] } });
    expect(results[1]).toEqual({ ok: false, issues: [{ field: "phone", message: expect.stringContaining("expected a valid phone number for SA") }] });
    expect(results[2]).toEqual({ ok: false, issues: [{ field: "email", message: expect.stringContaining("expected an email address") }] });
    expect(results[4]).toEqual({
      ok: false,
      issues: [
        { field: "phone", message: expect.stringContaining("for SA") },
        { field: "whatsapp", message: expect.stringContaining("for US (+1)") },
        { field: "email", message: expect.stringContaining("expected an email address") },
      ],
    });
    expect(results[3]).toMatchObject({ ok: true, contact: { externalId: null, email: "walkin@example.test", whatsapp: "+966551234567" } });
    expect(await db().contact.count({ where: { labId, externalId: `p-${u}-2` } })).toBe(0);
  });

  it("updates by external id, keeping fields that are left out, and merges repeats within one batch", async () => {
    const externalId = `p-${uniq()}`;
    const [first] = await upsertContacts(db(), { labId, country: "SA", contacts: [{ externalId, name: "Old", phone: "0501234567", email: "old@example.test" }] });
    const results = await upsertContacts(db(), {
      labId,
      country: "SA",
      contacts: [
        { externalId, name: "New" },
        { externalId, email: "new@example.test" },
      ],
    });
    const id = contactOf(first).id;
    for (const result of results) expect(result).toMatchObject({ ok: true, contact: { id, name: "New", phone: "+966501234567", email: "new@example.test" } });
    expect(await db().contact.count({ where: { labId, externalId } })).toBe(1);
  });

  it("keeps labs apart: the same external id is another contact in another lab", async () => {
    const externalId = `p-${uniq()}`;
    const [a] = await upsertContacts(db(), { labId, country: "SA", contacts: [{ externalId, name: "A" }] });
    const [b] = await upsertContacts(db(), { labId: otherLabId, country: "SA", contacts: [{ externalId, name: "B" }] });
    expect(contactOf(a).id).not.toBe(contactOf(b).id);
    const loaded = await loadContactsForSend(db(), { labId, externalIds: [externalId] });
    expect(loaded.map((c) => c.name)).toEqual(["A"]);
    expect(await loadContactsForSend(db(), { labId: otherLabId, contactIds: [contactOf(a).id] })).toEqual([]);
  });

  it("loads consents with time and source, and opted-out categories", async () => {
    const [result] = await upsertContacts(db(), { labId, country: "SA", contacts: [{ externalId: `p-${uniq()}`, phone: "0501234567" }] });
    const contactId = contactOf(result).id;
    const at = new Date("2026-01-02T03:04:05.678Z");
    await db().contactConsent.create({ data: { contactId, channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at } });
    await db().contactPreference.createMany({
      data: [
        { contactId, category: "reminder", optedOut: true, at, source: "api" },
        { contactId, category: "billing", optedOut: false, at, source: "api" },
      ],
    });
    const [contact] = await loadContactsForSend(db(), { labId, contactIds: [contactId] });
    expect(contact!.consents).toEqual({ SMS: { status: "WITHDRAWN", source: "sms-stop", at } });
    expect(contact!.optedOutCategories).toEqual(["reminder"]);
  });

  it("upserts a batch of 1,000 contacts, new and existing, in input order", async () => {
    const u = uniq();
    const existing = await upsertContacts(db(), { labId, country: "SA", contacts: Array.from({ length: 300 }, (_, i) => ({ externalId: `b-${u}-${i}`, name: `Old ${i}` })) });
    expect(existing.every((r) => r.ok)).toBe(true);
    const batch: TContactFieldsInput[] = Array.from({ length: 1_000 }, (_, i) =>
      i % 10 === 9
        ? { name: `Walk-in ${i}`, phone: `05012${String(i).padStart(5, "0")}` }
        : { externalId: `b-${u}-${i}`, name: `Patient ${i}`, phone: `05012${String(i).padStart(5, "0")}`, email: `p${i}-${u}@example.test` },
    );
    batch[500] = { externalId: `b-${u}-500`, phone: "0000" };
    const started = performance.now();
    const results = await upsertContacts(db(), { labId, country: "SA", contacts: batch });
    console.info(`upsertContacts: 1,000 contacts in ${Math.round(performance.now() - started)} ms`);
    expect(results).toHaveLength(1_000);
    results.forEach((result, i) => {
      if (i === 500) return expect(result).toMatchObject({ ok: false, issues: [{ field: "phone" }] });
      expect(result.ok, `entry ${i}`).toBe(true);
      if (!result.ok) return;
      expect(result.contact).toMatchObject({ name: batch[i]!.name, phone: `+9665012${String(i).padStart(5, "0")}`, externalId: batch[i]!.externalId ?? null });
      if (i < 300 && batch[i]!.externalId) expect(result.contact.id).toBe(contactOf(existing[i]).id);
    });
    // 899 external ids in the batch, plus the 30 earlier ones whose batch entries were walk-ins.
    expect(await db().contact.count({ where: { labId, externalId: { startsWith: `b-${u}-` } } })).toBe(929);
  });
});
