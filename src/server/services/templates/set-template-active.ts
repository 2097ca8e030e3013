import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { recordAudit } from "@/server/services/audit/record-audit";
import { findLabTemplate } from "@/server/services/templates/template-select";

export type TSetTemplateActiveOptions = { principal: TPrincipal; labId: string; templateId: string; active: boolean };

/** Activates or deactivates a lab override; while inactive the platform default is used. Repeats are no-ops. */
export async function setTemplateActive(db: Db, { principal, labId, templateId, active }: TSetTemplateActiveOptions) {
  return db.$transaction(async (tx) => {
    const template = await findLabTemplate(tx, labId, templateId);
    if (template.active === active) return template;
    await tx.template.update({ where: { id: templateId }, data: { active } });
    await recordAudit(tx, {
      principal,
      labId,
      action: active ? "template.activate" : "template.deactivate",
      targetType: "template",
      targetId: templateId,
      diff: { active: { from: template.active, to: active } },
    });
    return { ...template, active };
  });
}
