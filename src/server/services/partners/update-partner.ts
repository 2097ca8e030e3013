import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import type { PartnerType } from "@/generated/prisma/enums";
import { diffFields, recordAudit } from "@/server/services/audit/record-audit";
import { assertExternalIdFree, conflictOnPartnerExternalId, findPartner } from "@/server/services/partners/partner-select";

export type TUpdatePartnerOptions = {
  principal: TPrincipal;
  labId: string;
  partnerId: string;
  fields: { name?: string; type?: PartnerType; externalId?: string | null; timezone?: string | null; active?: boolean };
};

/** Changes a partner's own fields; the ones left out stay, null clears the optional ones. Audited with what changed. */
export async function updatePartner(db: Db, { principal, labId, partnerId, fields }: TUpdatePartnerOptions) {
  return db.$transaction(async (tx) => {
    const before = await findPartner(tx, labId, partnerId);
    await assertExternalIdFree(tx, { labId, externalId: fields.externalId, partnerId });
    await tx.partner.update({ where: { id: partnerId, labId }, data: fields }).catch(conflictOnPartnerExternalId);
    const diff = diffFields(before, fields);
    if (Object.keys(diff).length > 0) await recordAudit(tx, { principal, labId, action: "partner.update", targetType: "partner", targetId: partnerId, diff });
    return findPartner(tx, labId, partnerId);
  });
}
