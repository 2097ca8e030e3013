import type { Db } from "@/server/db";
import { afterPageCursor, pageOf } from "@/server/db/page-cursor";
import { partnerFieldsSelect } from "@/server/services/partners/partner-select";

export type TListPartnersOptions = { labId: string; query?: string; cursor?: string; limit: number };

/** The lab's partners, newest first, by part of the name or the start of the external id, with how many contacts and rules each has. */
export async function listPartners(db: Db, { labId, query, cursor, limit }: TListPartnersOptions) {
  const rows = await db.partner.findMany({
    where: {
      labId,
      AND: [query ? { OR: [{ name: { contains: query, mode: "insensitive" as const } }, { externalId: { startsWith: query } }] } : {}, { OR: afterPageCursor(cursor) }],
    },
    select: { ...partnerFieldsSelect, _count: { select: { contacts: true, rules: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { partners: page.map(({ _count, ...partner }) => ({ ...partner, contactCount: _count.contacts, ruleCount: _count.rules })), nextCursor };
}
