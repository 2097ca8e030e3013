import type { Channel, ConsentStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { applyConsent } from "@/server/services/contacts/apply-consent";
import { getContact } from "@/server/services/contacts/get-contact";

export type TUpdateContactConsentOptions = {
  principal: TPrincipal;
  labId: string;
  contactId: string;
  channel: Channel;
  status: ConsentStatus;
  /** How it was given or withdrawn: "registration-form", "sms-stop", "staff", ... */
  source: string;
  /** When the patient gave or withdrew it, if not now (e.g. a paper form signed earlier). */
  at?: Date;
};

// Clocks differ a little between the lab's system and Herald.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Records a contact's consent for one channel with when and how; the send flow never sends on a
 * withdrawn one. A consent older than the stored one changes nothing (see applyConsent) and the
 * contact comes back as stored, so the caller sees which consent stands.
 */
export async function updateContactConsent(db: Db, { principal, labId, contactId, channel, status, source, at = new Date() }: TUpdateContactConsentOptions) {
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw AppError.forFields("BAD_REQUEST", [{ field: "at", message: "must not be in the future", params: { reason: "in_future" } }]);
  return db.$transaction(async (tx) => {
    const contact = await getContact(tx, { labId, contactId });
    // Only for the audit's "from": whether to write is decided by applyConsent on the locked row.
    const before = contact.consents.find((c) => c.channel === channel);
    if (!(await applyConsent(tx, { contactId, channel, status, source, at }))) return contact;
    await recordAudit(tx, {
      principal,
      labId,
      action: status === "WITHDRAWN" ? "contact.consent.withdraw" : "contact.consent.grant",
      targetType: "contact",
      targetId: contactId,
      diff: { channel, status: { from: before?.status ?? null, to: status }, source, at: at.toISOString() },
    });
    return getContact(tx, { labId, contactId });
  });
}
