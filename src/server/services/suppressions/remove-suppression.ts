import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";

export type TRemoveSuppressionOptions = { db: Db; principal: TPrincipal; lab: { id: string; organizationId: string }; id: string };

/**
 * Lifts a do-not-contact entry (the patient asked to hear from the lab again, or a bounce was
 * fixed). Consent withdrawn on a contact stays withdrawn: that is the patient's own word.
 */
export async function removeSuppression({ db, principal, lab, id }: TRemoveSuppressionOptions) {
  return db.$transaction(async (tx) => {
    const entry = await tx.suppression.findFirst({ where: { id, labId: lab.id }, select: { id: true, channel: true, address: true, reason: true } });
    if (!entry) throw new AppError("NOT_FOUND", "suppression not found in this lab", "id");
    await tx.suppression.delete({ where: { id: entry.id } });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId: lab.organizationId,
      action: "suppression.remove",
      targetType: "suppression",
      targetId: entry.id,
      diff: { channel: entry.channel, address: entry.address, reason: entry.reason },
    });
    return { id: entry.id, removed: true };
  });
}
