import { beforeAll, describe, expect, it } from "vitest";
import type { ConsentStatus } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import { applyConsent } from "@/server/services/contacts/apply-consent";
import { loadContactsForSend } from "@/server/services/contacts/load-contacts-for-send";
import { callerFor, makeApiKey, makeOrgWithLabs, uniq } from "../helpers/fixtures";

let labId: string;
let api: ReturnType<typeof callerFor>;

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  api = callerFor((await makeApiKey(labId)).principal);
});

const newContact = () => api.contacts.upsert({ labId, externalId: `p-${uniq()}`, phone: "0501234567" });
const smsConsentOf = async (contactId: string) => (await loadContactsForSend(db(), { labId, contactIds: [contactId] }))[0]!.consents.SMS;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("consent: the latest `at` wins, a tie goes to withdrawal", () => {
  it("keeps a STOP when a consent signed before it is recorded after it", async () => {
    const contact = await newContact();
    const stoppedAt = minutesAgo(10);
    await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at: stoppedAt });
    // A paper form signed an hour ago, entered now.
    const answer = await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "GRANTED", source: "registration-form", at: minutesAgo(60) });

    expect(answer.consents).toEqual([{ channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at: stoppedAt }]);
    expect(await smsConsentOf(contact.id)).toMatchObject({ status: "WITHDRAWN", source: "sms-stop" });
    const audit = await db().auditLog.findMany({ where: { labId, targetId: contact.id, action: { startsWith: "contact.consent" } } });
    expect(audit.map((a) => a.action)).toEqual(["contact.consent.withdraw"]);
  });

  it("turns sending back on with a consent given after the STOP", async () => {
    const contact = await newContact();
    await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at: minutesAgo(10) });
    await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "GRANTED", source: "staff", at: minutesAgo(1) });
    expect(await smsConsentOf(contact.id)).toMatchObject({ status: "GRANTED", source: "staff" });
  });

  it("gives a tie to the withdrawal, in either order", async () => {
    const at = minutesAgo(5);
    for (const order of [["GRANTED", "WITHDRAWN"], ["WITHDRAWN", "GRANTED"]] as const) {
      const contact = await newContact();
      for (const status of order) await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status, source: "api", at });
      expect(await smsConsentOf(contact.id), order.join(" then ")).toMatchObject({ status: "WITHDRAWN", at });
    }
  });

  it("applyConsent says whether it wrote, and leaves other channels alone", async () => {
    const { id: contactId } = await newContact();
    const at = minutesAgo(30);
    expect(await applyConsent(db(), { contactId, channel: "SMS", status: "GRANTED", source: "api", at })).toBe(true);
    expect(await applyConsent(db(), { contactId, channel: "SMS", status: "GRANTED", source: "api", at })).toBe(false);
    expect(await applyConsent(db(), { contactId, channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at: minutesAgo(31) })).toBe(false);
    expect(await applyConsent(db(), { contactId, channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at })).toBe(true);
    expect(await applyConsent(db(), { contactId, channel: "SMS", status: "GRANTED", source: "api", at })).toBe(false);
    const emailAt = minutesAgo(40);
    expect(await applyConsent(db(), { contactId, channel: "EMAIL", status: "GRANTED", source: "api", at: emailAt })).toBe(true);
    const stored = await db().contactConsent.findMany({ where: { contactId }, orderBy: { channel: "asc" } });
    expect(stored.map(({ channel, status, at }) => ({ channel, status, at }))).toEqual([
      { channel: "SMS", status: "WITHDRAWN", at },
      { channel: "EMAIL", status: "GRANTED", at: emailAt },
    ]);
  });

  it("ends on the latest consent whatever order concurrent writers commit in", async () => {
    const { id: contactId } = await newContact();
    // Twelve writers, alternating grant and withdrawal, a minute apart; the latest is a grant.
    const writes = Array.from({ length: 12 }, (_, n) => ({ status: (n % 2 === 0 ? "WITHDRAWN" : "GRANTED") as ConsentStatus, at: minutesAgo(60 - n) }));
    const shuffled = [...writes].sort(() => Math.random() - 0.5);
    await Promise.all(shuffled.map(({ status, at }) => applyConsent(db(), { contactId, channel: "SMS", status, source: "api", at })));
    expect(await smsConsentOf(contactId)).toMatchObject({ status: "GRANTED", at: writes[11]!.at });
  });
});
