import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { findPartner } from "@/server/services/partners/partner-select";

export type TRemovePartnerContactOptions = { principal: TPrincipal; labId: string; partnerId: string; partnerContactId: string };

/**
 * Stops telling this person of the partner's events. The lab contact stays: its messages, consent
 * history and suppression entries are the lab's record.
 */
export async function removePartnerContact(db: Db, { principal, labId, partnerId, partnerContactId }: TRemovePartnerContactOptions) {
  return db.$transaction(async (tx) => {
    const removed = await tx.partnerContact.deleteMany({ where: { id: partnerContactId, partnerId, labId } });
    if (removed.count === 0) throw new AppError("NOT_FOUND", "no contact with this id at this partner", "partnerContactId");
    await recordAudit(tx, { principal, labId, action: "partner.contact.remove", targetType: "partner", targetId: partnerId, diff: { partnerContactId } });
    return findPartner(tx, labId, partnerId);
  });
}
