import type { Channel } from "@/generated/prisma/enums";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError, type TFieldIssue } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { checkContactFields } from "@/server/services/contacts/check-contact-fields";
import { applyConsent } from "@/server/services/contacts/apply-consent";
import { findPartner } from "@/server/services/partners/partner-select";
import { findPartnerTriggers } from "@/server/services/partners/find-partner-triggers";

export type TPartnerContactInput = {
  name: string;
  phone?: string;
  whatsapp?: string;
  email?: string;
  language?: TContactFieldsInput["language"];
  channels: Channel[];
  triggers: string[];
};

export type TSavePartnerContactOptions = {
  principal: TPrincipal;
  lab: { id: string; country: string };
  partnerId: string;
  /** Update this partner contact; without it, add one. */
  partnerContactId?: string;
  fields: TPartnerContactInput;
  /** Consent given for these channels now (by the partner's agreement, recorded as "partner-agreement"). */
  consent?: Channel[];
};

/**
 * Adds or updates a person at a partner. The person is a lab contact (phones in E.164 read in the lab's
 * country; consent and suppression as for anyone), linked to the partner with the channels they are
 * reached on and the events they receive. Every bad field is named at once, and nothing is written then.
 */
export async function savePartnerContact(db: Db, { principal, lab, partnerId, partnerContactId, fields, consent = [] }: TSavePartnerContactOptions) {
  return db.$transaction(async (tx) => {
    await findPartner(tx, lab.id, partnerId);
    const { channels, triggers, ...contactFields } = fields;
    const issues: TFieldIssue[] = [];
    const checked = checkContactFields(contactFields, lab.country);
    if (!checked.ok) issues.push(...checked.issues);
    const stored = checked.ok ? checked.fields : contactFields;
    channels.forEach((channel, index) => {
      const reachable = channel === "EMAIL" ? stored.email : channel === "WHATSAPP" ? (stored.whatsapp ?? stored.phone) : stored.phone;
      if (!reachable) issues.push({ field: `channels.${index}`, message: `${channel} needs ${channel === "EMAIL" ? "an email" : "a phone"} for this contact` });
    });
    consent.forEach((channel, index) => {
      if (!channels.includes(channel)) issues.push({ field: `consent.${index}`, message: `${channel} is not one of this contact's channels` });
    });
    const known = await findPartnerTriggers(tx, triggers);
    triggers.forEach((key, index) => {
      const problem = known.get(key);
      if (problem !== null) issues.push({ field: `triggers.${index}`, message: problem ?? `no trigger ${key}` });
    });
    if (issues.length > 0) throw AppError.forFields("BAD_REQUEST", [issues[0]!, ...issues.slice(1)]);

    const contactData = { name: stored.name ?? null, phone: stored.phone ?? null, whatsapp: stored.whatsapp ?? null, email: stored.email ?? null, language: stored.language ?? null };
    let id = partnerContactId;
    if (id) {
      const link = await tx.partnerContact.findFirst({ where: { id, partnerId, labId: lab.id }, select: { contactId: true } });
      if (!link) throw new AppError("NOT_FOUND", "no contact with this id at this partner", "partnerContactId");
      await tx.contact.update({ where: { id: link.contactId }, data: contactData });
      await tx.partnerContact.update({ where: { id }, data: { channels, triggers } });
    } else {
      const contact = await tx.contact.create({ data: { labId: lab.id, ...contactData }, select: { id: true } });
      ({ id } = await tx.partnerContact.create({ data: { labId: lab.id, partnerId, contactId: contact.id, channels, triggers }, select: { id: true } }));
    }
    const { contactId } = await tx.partnerContact.findUniqueOrThrow({ where: { id }, select: { contactId: true } });
    const at = new Date();
    for (const channel of consent) await applyConsent(tx, { contactId, channel, status: "GRANTED", source: "partner-agreement", at });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      action: partnerContactId ? "partner.contact.update" : "partner.contact.create",
      targetType: "partner",
      targetId: partnerId,
      diff: { partnerContactId: id, contactId, ...contactData, channels, triggers, consent },
    });
    return findPartner(tx, lab.id, partnerId);
  });
}
