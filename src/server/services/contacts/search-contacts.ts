import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { afterPageCursor, pageOf } from "@/server/db/page-cursor";
import { contactFieldsSelect } from "@/server/services/contacts/get-contact";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";

export type TSearchContactsOptions = {
  db: Db;
  lab: { id: string; country: string };
  /** A name, phone (national or international), email or the lab system's id; none lists every contact. */
  query?: string;
  cursor?: string;
  limit: number;
};

const contactSummarySelect = {
  ...contactFieldsSelect,
  consents: { select: { channel: true, status: true }, orderBy: { channel: "asc" } },
} satisfies Prisma.ContactSelect;

/** What one search box may mean: part of a name or email, the start of an external id, a phone in any form. */
function matchesOf(query: string, country: string): Prisma.ContactWhereInput[] {
  const matches: Prisma.ContactWhereInput[] = [
    { name: { contains: query, mode: "insensitive" } },
    { email: { contains: query.toLowerCase(), mode: "insensitive" } },
    { externalId: { startsWith: query } },
  ];
  // Stored phones are E.164: a national number is read in the lab's country, a partial one matched by its digits.
  const phone = normalizePhone(query, country);
  const digits = query.replace(/\D/g, "");
  if (phone) matches.push({ phone }, { whatsapp: phone });
  else if (digits.length >= 4 && /^[\d\s()+-]+$/.test(query)) matches.push({ phone: { contains: digits } }, { whatsapp: { contains: digits } });
  return matches;
}

/** The lab's contacts matching a search, newest first, a page at a time. */
export async function searchContacts({ db, lab, query, cursor, limit }: TSearchContactsOptions) {
  const term = query?.trim();
  const rows = await db.contact.findMany({
    where: { labId: lab.id, AND: [term ? { OR: matchesOf(term, lab.country) } : {}, { OR: afterPageCursor(cursor) }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: contactSummarySelect,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { items: page, nextCursor };
}
