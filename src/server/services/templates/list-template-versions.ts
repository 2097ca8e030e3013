import type { Db } from "@/server/db";
import { changedFields, type TVersionFields } from "@/server/domain/templates";
import { findReadableTemplate, versionSelect } from "@/server/services/templates/template-select";

export type TListTemplateVersionsOptions = {
  labId: string;
  templateId: string;
  /** The `nextCursor` of the previous page: versions older than this one. */
  cursor?: number;
  limit?: number;
};

export type TTemplateVersionEntry = {
  version: number;
  createdAt: Date;
  /** Who saved it; null for the catalogue's own versions and for users since deleted. */
  createdBy: { name: string; email: string } | null;
  current: boolean;
  /** The fields this version changed from the one before it; empty for the first. */
  changed: (keyof TVersionFields)[];
};

/** A template's saved versions, newest first, a page at a time, each with who saved it and what it changed. */
export async function listTemplateVersions(db: Db, { labId, templateId, cursor, limit = 20 }: TListTemplateVersionsOptions) {
  const template = await findReadableTemplate(db, labId, templateId);
  // One row past the page: it tells whether there is a next page and what the page's last version changed.
  const rows = await db.templateVersion.findMany({
    where: { templateId, ...(cursor === undefined ? {} : { version: { lt: cursor } }) },
    orderBy: { version: "desc" },
    take: limit + 1,
    select: versionSelect,
  });
  const page = rows.slice(0, limit);
  const authorIds = [...new Set(page.map((v) => v.createdById).filter((id): id is string => id !== null))];
  const authors = new Map((await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]));

  const items: TTemplateVersionEntry[] = page.map((row, index) => {
    const previous = rows[index + 1];
    const author = row.createdById ? authors.get(row.createdById) : undefined;
    return {
      version: row.version,
      createdAt: row.createdAt,
      createdBy: author ? { name: author.name, email: author.email } : null,
      current: row.version === template.currentVersion,
      changed: previous ? changedFields(previous, row) : [],
    };
  });
  return { items, nextCursor: rows.length > limit ? page.at(-1)!.version : null, total: template.versionCount };
}
