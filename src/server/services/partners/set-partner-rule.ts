import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError, type TFieldIssue } from "@/server/errors";
import type { TPartnerRuleFields } from "@/server/domain/partners";
import { recordAudit } from "@/server/services/audit/record-audit";
import { findPartner } from "@/server/services/partners/partner-select";

export type TSetPartnerRuleOptions = { principal: TPrincipal; labId: string; partnerId: string; rule: TPartnerRuleFields };

/** Creates or replaces what a partner is told of one trigger; the trigger must be one partners hear of, on channels it uses. */
export async function setPartnerRule(db: Db, { principal, labId, partnerId, rule }: TSetPartnerRuleOptions) {
  return db.$transaction(async (tx) => {
    await findPartner(tx, labId, partnerId);
    const trigger = await tx.trigger.findUnique({ where: { key: rule.triggerKey }, select: { key: true, audience: true, channels: true } });
    const issues: TFieldIssue[] = [];
    if (!trigger) issues.push({ field: "triggerKey", message: `no trigger ${rule.triggerKey}` });
    else {
      if (trigger.audience === "PATIENT") issues.push({ field: "triggerKey", message: `${trigger.key} is told to patients only (its audience is PATIENT)` });
      rule.channels.forEach((channel, index) => {
        if (!trigger.channels.includes(channel)) issues.push({ field: `channels.${index}`, message: `${trigger.key} is not sent on ${channel} (it allows ${trigger.channels.join(", ")})` });
      });
    }
    if (issues.length > 0) throw AppError.forFields("BAD_REQUEST", [issues[0]!, ...issues.slice(1)]);

    const data = {
      channels: rule.channels,
      notifyPatient: rule.notifyPatient,
      delivery: rule.delivery,
      digestAt: rule.delivery === "DIGEST" ? (rule.digestAt ?? null) : null,
      digestWindowMinutes: rule.delivery === "DIGEST" ? (rule.digestWindowMinutes ?? null) : null,
    };
    await tx.partnerRule.upsert({
      where: { partnerId_triggerKey: { partnerId, triggerKey: rule.triggerKey } },
      create: { partnerId, labId, triggerKey: rule.triggerKey, ...data },
      update: data,
    });
    await recordAudit(tx, { principal, labId, action: "partner.rule.set", targetType: "partner", targetId: partnerId, diff: { triggerKey: rule.triggerKey, ...data } });
    return findPartner(tx, labId, partnerId);
  });
}
