import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { contentOf } from "@/server/domain/templates";
import { findTemplateVersion } from "@/server/services/templates/find-template-version";
import { saveTemplateVersion } from "@/server/services/templates/save-template-version";
import { findLabTemplate } from "@/server/services/templates/template-select";

export type TRestoreTemplateVersionOptions = { principal: TPrincipal; labId: string; templateId: string; version: number };

/**
 * Brings an older version of a lab override back as a new version, so history
 * only grows and messages keep pointing at what they rendered. The content is
 * validated again: a trigger that has since lost a variable refuses it, naming
 * the field. Restoring what is already current saves nothing (`restored: false`).
 */
export async function restoreTemplateVersion(db: Db, { principal, labId, templateId, version }: TRestoreTemplateVersionOptions) {
  return db.$transaction(async (tx) => {
    await findLabTemplate(tx, labId, templateId);
    const source = await findTemplateVersion(tx, templateId, version, "version");
    const { template, warnings, saved } = await saveTemplateVersion(tx, {
      principal,
      labId,
      templateId,
      content: contentOf(source),
      action: "template.restore",
      auditDetail: { restoredFrom: version },
    });
    return { template, warnings, restored: saved };
  });
}
