import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";
import { addSuppressions } from "@/server/services/suppressions/add-suppressions";
import { suppressionSelect } from "@/server/services/suppressions/suppression-select";

export type TAddManualSuppressionOptions = {
  db: Db;
  principal: TPrincipal;
  lab: { id: string; organizationId: string; country: string };
  channel: Channel;
  address: string;
  note?: string;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A lab admin's do-not-contact entry (a patient's request by phone, a complaint at the desk). Phones
 * are read in the lab's country and stored as E.164, emails lower-cased, so the entry matches however
 * the lab's systems later spell the address. Adding an address already suppressed returns that entry.
 */
export async function addManualSuppression({ db, principal, lab, channel, address, note }: TAddManualSuppressionOptions) {
  const normalized = channel === "EMAIL" ? (EMAIL.test(address.trim()) ? address.trim().toLowerCase() : null) : normalizePhone(address, lab.country);
  if (!normalized) {
    throw AppError.forFields("BAD_REQUEST", [
      channel === "EMAIL"
        ? { field: "address", message: "expected an email address", params: { reason: "email_invalid" } }
        : { field: "address", message: `expected a valid phone number for ${lab.country}`, params: { reason: "phone_invalid", country: lab.country } },
    ]);
  }
  return db.$transaction(async (tx) => {
    const [added] = await addSuppressions(tx, [
      { labId: lab.id, channel, address: normalized, reason: "manual", source: principal.kind, createdById: principal.kind === "user" ? principal.userId : principal.apiKeyId, ...(note && { detail: { note } }) },
    ]);
    if (added) {
      await recordAudit(tx, {
        principal,
        labId: lab.id,
        organizationId: lab.organizationId,
        action: "suppression.add",
        targetType: "suppression",
        targetId: added.id,
        diff: { channel, address: normalized, reason: "manual" },
      });
    }
    return tx.suppression.findUniqueOrThrow({ where: { labId_channel_address: { labId: lab.id, channel, address: normalized } }, select: suppressionSelect });
  });
}
