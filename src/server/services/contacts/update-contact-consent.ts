import type { Channel, ConsentStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
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

/** Records a contact's consent for one channel with when and how; the send flow never sends on a withdrawn one. */
export async function updateContactConsent(db: Db, { principal, labId, contactId, channel, status, source, at = new Date() }: TUpdateContactConsentOptions) {
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw new AppError("BAD_REQUEST", "must not be in the future", "at");
  return db.$transaction(async (tx) => {
    const contact = await getContact(tx, { labId, contactId });
    const before = contact.consents.find((c) => c.channel === channel);
    if (before?.status === status && before.source === source) return contact;
    await tx.contactConsent.upsert({
      where: { contactId_channel: { contactId, channel } },
      create: { contactId, channel, status, source, at },
      update: { status, source, at },
    });
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
