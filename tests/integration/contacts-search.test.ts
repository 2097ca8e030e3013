import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { suppressRefusedRecipients } from "@/server/services/delivery/suppress-refused-recipients";
import { callerFor, makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: Awaited<ReturnType<typeof makeUser>>;
let key: Awaited<ReturnType<typeof makeApiKey>>;
let api: ReturnType<typeof callerFor>;
let staffApi: ReturnType<typeof callerFor>;
const tag = uniq();

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  admin = await makeUser({ labId, role: "LAB_ADMIN" });
  key = await makeApiKey(labId);
  api = callerFor(admin.principal);
  staffApi = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
});

const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id);

describe("contacts.search", () => {
  it("finds a contact by part of its name, its email, the start of its external id, or its phone in any form", async () => {
    const sara = await api.contacts.upsert({ labId, externalId: `MRN-${tag}-1`, name: `Sara Al-Harbi ${tag}`, phone: "0551234567", email: `Sara.${tag}@Example.test` });
    await api.contacts.upsert({ labId, externalId: `MRN-${tag}-2`, name: `Omar ${tag}`, phone: "0559876543" });
    expect(ids(await api.contacts.search({ labId, query: `al-harbi ${tag}` }))).toEqual([sara.id]);
    expect(ids(await api.contacts.search({ labId, query: `sara.${tag}@example` }))).toEqual([sara.id]);
    expect(ids(await api.contacts.search({ labId, query: `MRN-${tag}-1` }))).toEqual([sara.id]);
    // The national form, the international one, and a run of its digits all find the stored E.164 number.
    expect(ids(await api.contacts.search({ labId, query: "055 123 4567" }))).toEqual([sara.id]);
    expect(ids(await api.contacts.search({ labId, query: "+966551234567" }))).toEqual([sara.id]);
    expect(ids(await api.contacts.search({ labId, query: "1234567" }))).toContain(sara.id);
    expect((await api.contacts.search({ labId, query: `nobody-${tag}` })).items).toEqual([]);
  });

  it("pages newest first without repeating or skipping a contact, and staff may search", async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await api.contacts.upsert({ labId, externalId: `page-${tag}-${i}`, name: `Paged ${tag}` })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await staffApi.contacts.search({ labId, query: `page-${tag}`, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(created.reverse());
  });

  it("shows each contact's consent per channel in the results", async () => {
    const contact = await api.contacts.upsert({ labId, externalId: `consent-${tag}`, phone: "0561234567" });
    await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "staff" });
    const [found] = (await api.contacts.search({ labId, query: `consent-${tag}` })).items;
    expect(found!.consents).toEqual([{ channel: "SMS", status: "WITHDRAWN" }]);
  });
});

describe("contacts.consentHistory", () => {
  it("lists every change newest first with when, how and by whom, including Herald's own on a provider's refusal", async () => {
    const contact = await callerFor(key.principal).contacts.upsert({ labId, externalId: `history-${tag}`, phone: "0571234567" });
    const signedAt = new Date(Date.now() - 60 * 60_000);
    await callerFor(key.principal).contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "GRANTED", source: "registration-form", at: signedAt });
    await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "staff" });
    await suppressRefusedRecipients(db(), [{ labId, channel: "WHATSAPP", contactId: contact.id, address: "+966571234567", reason: "stop_keyword", provider: "twilio", messageId: "m-1" }]);

    const { items } = await staffApi.contacts.consentHistory({ labId, contactId: contact.id });
    expect(items.map((c) => [c.channel, c.from, c.to, c.source, c.actor.type])).toEqual([
      ["WHATSAPP", null, "WITHDRAWN", "provider:stop_keyword", "system"],
      ["SMS", "GRANTED", "WITHDRAWN", "staff", "user"],
      ["SMS", null, "GRANTED", "registration-form", "apiKey"],
    ]);
    expect(items[1]!.actor).toMatchObject({ id: admin.user.id, name: admin.user.name, email: admin.user.email });
    expect(items[2]!.actor).toMatchObject({ id: key.apiKey.id, name: key.apiKey.name, email: null });
    expect(items[2]!.at).toEqual(signedAt);
  });

  it("pages, and refuses a contact of no lab of the caller's", async () => {
    const contact = await api.contacts.upsert({ labId, externalId: `history-page-${tag}`, phone: "0581234567" });
    for (const status of ["WITHDRAWN", "GRANTED", "WITHDRAWN"] as const) await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "EMAIL", status, source: "staff" });
    const first = await api.contacts.consentHistory({ labId, contactId: contact.id, limit: 2 });
    const second = await api.contacts.consentHistory({ labId, contactId: contact.id, limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((c) => c.to)).toEqual(["WITHDRAWN", "GRANTED", "WITHDRAWN"]);
    expect(second.nextCursor).toBeNull();
    await expectTRPCError(api.contacts.consentHistory({ labId, contactId: "missing" }), "NOT_FOUND", /contactId/);
  });
});

describe("contacts.suppressions", () => {
  it("lists the lab's entries on the contact's own phone, WhatsApp number and email", async () => {
    const contact = await api.contacts.upsert({ labId, externalId: `suppressed-${tag}`, phone: "0591234567", email: `Blocked.${tag}@example.test` });
    await api.suppressions.add({ labId, channel: "SMS", address: "0591234567" });
    await api.suppressions.add({ labId, channel: "EMAIL", address: `blocked.${tag}@example.test` });
    await api.suppressions.add({ labId, channel: "EMAIL", address: `someone-else.${tag}@example.test` });
    const entries = await staffApi.contacts.suppressions({ labId, contactId: contact.id });
    expect(entries.map((e) => [e.channel, e.address, e.reason])).toEqual([
      ["SMS", "+966591234567", "manual"],
      ["EMAIL", `blocked.${tag}@example.test`, "manual"],
    ]);
  });
});
