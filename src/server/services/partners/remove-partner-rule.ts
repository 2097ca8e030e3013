import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { findPartner } from "@/server/services/partners/partner-select";

export type TRemovePartnerRuleOptions = { principal: TPrincipal; labId: string; partnerId: string; triggerKey: string };

/**
 * The partner is no longer told of this trigger. Events already waiting for its digest still go out:
 * they were accepted under the rule.
 */
export async function removePartnerRule(db: Db, { principal, labId, partnerId, triggerKey }: TRemovePartnerRuleOptions) {
  return db.$transaction(async (tx) => {
    const removed = await tx.partnerRule.deleteMany({ where: { partnerId, labId, triggerKey } });
    if (removed.count === 0) throw new AppError("NOT_FOUND", `this partner has no rule for ${triggerKey}`, "triggerKey");
    await recordAudit(tx, { principal, labId, action: "partner.rule.remove", targetType: "partner", targetId: partnerId, diff: { triggerKey } });
    return findPartner(tx, labId, partnerId);
  });
}
