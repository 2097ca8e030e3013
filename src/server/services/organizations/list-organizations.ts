import type { Db } from "@/server/db";
import { afterPageCursor, pageOf } from "@/server/db/page-cursor";

export type TListOrganizationsOptions = { db: Db; cursor?: string; limit: number };

/** Every organization with its labs, newest first, for platform admins; labs are few per organization. */
export async function listOrganizations({ db, cursor, limit }: TListOrganizationsOptions) {
  const rows = await db.organization.findMany({
    where: { OR: afterPageCursor(cursor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      name: true,
      slug: true,
      createdAt: true,
      labs: {
        orderBy: { name: "asc" },
        select: { id: true, name: true, slug: true, country: true, timezone: true, defaultLanguage: true, hardStop: true, createdAt: true },
      },
    },
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { items: page, nextCursor };
}
