import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import type { TTemplateContent } from "@/server/domain/templates";
import { saveTemplateVersion } from "@/server/services/templates/save-template-version";

export type TUpdateTemplateOptions = { principal: TPrincipal; labId: string; templateId: string; content: TTemplateContent };

/**
 * Saves new content for a lab override as a new version (older versions are
 * kept: messages point at the version they rendered). Content equal to the
 * current version saves nothing. Returns the template with its problems (warnings).
 */
export async function updateTemplate(db: Db, { principal, labId, templateId, content }: TUpdateTemplateOptions) {
  return db.$transaction(async (tx) => {
    const { template, warnings } = await saveTemplateVersion(tx, { principal, labId, templateId, content, action: "template.update" });
    return { template, warnings };
  });
}
