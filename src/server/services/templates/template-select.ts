import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { PLATFORM_SCOPE } from "@/server/services/templates/template-scope";

export const templateSelect = {
  id: true,
  scope: true,
  labId: true,
  triggerKey: true,
  channel: true,
  language: true,
  audience: true,
  active: true,
  currentVersion: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TemplateSelect;

export const versionSelect = {
  id: true,
  version: true,
  body: true,
  subject: true,
  html: true,
  text: true,
  waTemplateName: true,
  waContentSid: true,
  waLanguage: true,
  waVariables: true,
  createdById: true,
  createdAt: true,
} satisfies Prisma.TemplateVersionSelect;

/**
 * A template the lab may read (its own override or a platform default) with its
 * current version and how many versions it has, or NOT_FOUND: another lab's
 * template does not exist here. Older versions are read page by page
 * (`listTemplateVersions`): a template edited for years has hundreds.
 */
export async function findReadableTemplate(db: Db | Prisma.TransactionClient, labId: string, templateId: string) {
  const template = await db.template.findFirst({
    where: { id: templateId, scope: { in: [labId, PLATFORM_SCOPE] } },
    select: { ...templateSelect, _count: { select: { versions: true } } },
  });
  if (!template) throw new AppError("NOT_FOUND", "template not found in this lab", "templateId");
  const [current, latest] = await Promise.all([
    db.templateVersion.findUnique({ where: { templateId_version: { templateId, version: template.currentVersion } }, select: versionSelect }),
    db.templateVersion.findFirst({ where: { templateId }, orderBy: { version: "desc" }, select: { version: true } }),
  ]);
  if (!current || !latest) throw new Error(`template ${templateId} has no version ${template.currentVersion}`);
  const { _count, ...fields } = template;
  return { ...fields, current, latestVersion: latest.version, versionCount: _count.versions };
}

/** A lab override the lab may change; platform defaults change only through sync-templates. */
export async function findLabTemplate(db: Db | Prisma.TransactionClient, labId: string, templateId: string) {
  const template = await findReadableTemplate(db, labId, templateId);
  if (template.scope === PLATFORM_SCOPE) {
    throw new AppError("FORBIDDEN", "platform defaults change only through sync-templates; create a lab override instead", "templateId");
  }
  return template;
}
