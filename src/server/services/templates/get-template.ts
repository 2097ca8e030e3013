import type { Db } from "@/server/db";
import { textDirection } from "@/server/domain/templates";
import { findReadableTemplate } from "@/server/services/templates/template-select";
import { PLATFORM_SCOPE } from "@/server/services/templates/template-scope";

export type TGetTemplateOptions = { labId: string; templateId: string };

/** A template the lab may see (its override or a platform default) with all its versions, newest first. */
export async function getTemplate(db: Db, { labId, templateId }: TGetTemplateOptions) {
  const template = await findReadableTemplate(db, labId, templateId);
  return { ...template, isPlatformDefault: template.scope === PLATFORM_SCOPE, dir: textDirection(template.language) };
}
