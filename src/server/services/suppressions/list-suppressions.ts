import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { suppressionSelect } from "@/server/services/suppressions/suppression-select";

export type TListSuppressionsOptions = {
  db: Db;
  labId: string;
  channel?: Channel;
  /** The start of an address: "+9665", "sara@". */
  addressPrefix?: string;
  reason?: string;
  cursor?: string;
  limit: number;
};

/** The lab's suppression list, newest first, in cursor pages. */
export async function listSuppressions({ db, labId, channel, addressPrefix, reason, cursor, limit }: TListSuppressionsOptions) {
  const rows = await db.suppression.findMany({
    where: { labId, ...(channel && { channel }), ...(reason && { reason }), ...(addressPrefix && { address: { startsWith: addressPrefix.trim().toLowerCase() } }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor && { cursor: { id: cursor }, skip: 1 }),
    select: suppressionSelect,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
