import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import type { PartnerType } from "@/generated/prisma/enums";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertExternalIdFree, conflictOnPartnerExternalId, findPartner } from "@/server/services/partners/partner-select";

export type TCreatePartnerOptions = {
  principal: TPrincipal;
  labId: string;
  fields: { name: string; type: PartnerType; externalId?: string | null; timezone?: string | null; active?: boolean };
};

/** Adds a partner organisation to the lab, audited. It is told nothing until it has rules and contacts. */
export async function createPartner(db: Db, { principal, labId, fields }: TCreatePartnerOptions) {
  return db.$transaction(async (tx) => {
    await assertExternalIdFree(tx, { labId, externalId: fields.externalId });
    const { id } = await tx.partner.create({ data: { labId, ...fields }, select: { id: true } }).catch(conflictOnPartnerExternalId);
    await recordAudit(tx, { principal, labId, action: "partner.create", targetType: "partner", targetId: id, diff: { ...fields } });
    return findPartner(tx, labId, id);
  });
}
