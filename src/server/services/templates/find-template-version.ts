import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { versionSelect } from "@/server/services/templates/template-select";

/** One saved version of a template the caller has already found readable, or NOT_FOUND naming `field`. */
export async function findTemplateVersion(db: Db | Prisma.TransactionClient, templateId: string, version: number, field: string) {
  const found = await db.templateVersion.findUnique({ where: { templateId_version: { templateId, version } }, select: versionSelect });
  if (!found) throw new AppError("NOT_FOUND", `this template has no version ${version}`, field);
  return found;
}
