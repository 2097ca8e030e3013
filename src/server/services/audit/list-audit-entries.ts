import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { afterPageCursor, pageOf } from "@/server/db/page-cursor";
import { describeActors } from "@/server/services/audit/describe-actors";

export type TAuditFilters = {
  /** A user's or API key's id; "system" for changes Herald made itself (STOP replies, provider refusals). */
  actorId?: string;
  /** An action or the start of one: "contact.consent" finds grants and withdrawals. */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** At or after. */
  since?: Date;
  /** Before. */
  until?: Date;
};

export type TListAuditEntriesOptions = { db: Db; labId: string; filters: TAuditFilters; cursor?: string; limit: number };

const auditSelect = { id: true, actorType: true, actorId: true, action: true, targetType: true, targetId: true, diff: true, createdAt: true } satisfies Prisma.AuditLogSelect;

/** A lab's audit log, newest first, filtered, a page at a time, each entry with its actor's name. */
export async function listAuditEntries({ db, labId, filters, cursor, limit }: TListAuditEntriesOptions) {
  const { actorId, action, targetType, targetId, since, until } = filters;
  const rows = await db.auditLog.findMany({
    where: {
      labId,
      ...(actorId === "system" ? { actorType: "system" } : actorId ? { actorId } : {}),
      ...(action && { action: { startsWith: action } }),
      ...(targetType && { targetType }),
      ...(targetId && { targetId }),
      createdAt: { gte: since, lt: until },
      OR: afterPageCursor(cursor),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: auditSelect,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  const actorOf = await describeActors(db, page);
  return { items: page.map(({ actorType, actorId: id, ...entry }) => ({ ...entry, actor: actorOf({ actorType, actorId: id }) })), nextCursor };
}
