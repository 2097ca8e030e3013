import { Prisma } from "@/generated/prisma/client";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { changedFields, versionFields, type TTemplateContent } from "@/server/domain/templates";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertValidTemplate } from "@/server/services/templates/validate-template";
import { findLabTemplate, findReadableTemplate } from "@/server/services/templates/template-select";

export type TSaveTemplateVersionOptions = {
  principal: TPrincipal;
  labId: string;
  templateId: string;
  content: TTemplateContent;
  /** "template.update" for an edit, "template.restore" when an older version comes back. */
  action: "template.update" | "template.restore";
  /** Written into the audit entry beside the version change (e.g. which version was restored). */
  auditDetail?: Prisma.InputJsonObject;
};

/**
 * Validates content for a lab override and saves it as the next version, in the
 * caller's transaction. Content equal to the current version saves nothing
 * (`saved: false`). Returns the template with its warnings.
 */
export async function saveTemplateVersion(tx: Prisma.TransactionClient, { principal, labId, templateId, content, action, auditDetail = {} }: TSaveTemplateVersionOptions) {
  const template = await findLabTemplate(tx, labId, templateId);
  const warnings = await assertValidTemplate(tx, { triggerKey: template.triggerKey, channel: template.channel, language: template.language, audience: template.audience, content });
  const fields = versionFields(content);
  const changed = changedFields(template.current, fields);
  if (changed.length === 0) return { template, warnings, saved: false };

  const version = template.latestVersion + 1;
  try {
    await tx.templateVersion.create({ data: { templateId, version, ...fields, createdById: principal.kind === "user" ? principal.userId : null } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw AppError.forFields("CONFLICT", [{ field: "templateId", message: "the template was changed meanwhile; reload it and save again", params: { reason: "changed_meanwhile" } }]);
    }
    throw error;
  }
  await tx.template.update({ where: { id: templateId }, data: { currentVersion: version } });
  await recordAudit(tx, {
    principal,
    labId,
    action,
    targetType: "template",
    targetId: templateId,
    diff: { ...auditDetail, version: { from: template.currentVersion, to: version }, changed },
  });
  return { template: await findReadableTemplate(tx, labId, templateId), warnings, saved: true };
}
