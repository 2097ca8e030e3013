import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { changedFields, versionFields, type TTemplateContent } from "@/server/domain/templates";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertValidTemplate } from "@/server/services/templates/validate-template";
import { findLabTemplate, findReadableTemplate } from "@/server/services/templates/template-select";

export type TUpdateTemplateOptions = { principal: TPrincipal; labId: string; templateId: string; content: TTemplateContent };

/**
 * Saves new content for a lab override as a new version (older versions are
 * kept: messages point at the version they rendered). Content equal to the
 * current version saves nothing. Returns the template with its problems (warnings).
 */
export async function updateTemplate(db: Db, { principal, labId, templateId, content }: TUpdateTemplateOptions) {
  return db.$transaction(async (tx) => {
    const template = await findLabTemplate(tx, labId, templateId);
    const warnings = await assertValidTemplate(tx, { triggerKey: template.triggerKey, channel: template.channel, language: template.language, content });
    const fields = versionFields(content);
    const changed = changedFields(template.current, fields);
    if (changed.length === 0) return { template, warnings };

    const version = template.versions[0]!.version + 1;
    try {
      await tx.templateVersion.create({ data: { templateId, version, ...fields, createdById: principal.kind === "user" ? principal.userId : null } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new AppError("CONFLICT", "the template was changed meanwhile; reload it and save again", "templateId");
      }
      throw error;
    }
    await tx.template.update({ where: { id: templateId }, data: { currentVersion: version } });
    await recordAudit(tx, {
      principal,
      labId,
      action: "template.update",
      targetType: "template",
      targetId: templateId,
      diff: { version: { from: template.currentVersion, to: version }, changed },
    });
    return { template: await findReadableTemplate(tx, labId, templateId), warnings };
  });
}
