import type { MessageStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { actorOf } from "@/server/access/principal";
import { allowedPredecessors } from "@/server/services/delivery/can-transition";
import { eventSourceOf } from "@/server/services/delivery/event-source";
import { sqlTimestamp } from "@/server/db/sql-time";

export type TCancelMessagesOptions = {
  db: Db;
  labId: string;
  messageIds: readonly string[];
  principal: TPrincipal | null;
  now?: Date;
};

export type TCancelMessagesResult = {
  cancelled: string[];
  /** status null: no such message in this lab. */
  notCancelled: { messageId: string; status: MessageStatus | null }[];
};

/**
 * Cancels the lab's messages that no provider has been handed yet (SCHEDULED or QUEUED, and not
 * claimed by a dispatcher), with a "cancelled" event each, in one conditional statement: a message a
 * dispatcher claims at the same moment is either cancelled first or reported as not cancellable.
 */
export async function cancelMessages({ db, labId, messageIds, principal, now = new Date() }: TCancelMessagesOptions): Promise<TCancelMessagesResult> {
  const ids = [...new Set(messageIds)];
  if (ids.length === 0) return { cancelled: [], notCancelled: [] };
  const at = sqlTimestamp(now);
  const detail = JSON.stringify(actorOf(principal));
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH cancelled AS (
      UPDATE "Message"
      SET status = 'CANCELLED', "nextAttemptAt" = NULL, "updatedAt" = ${at}
      WHERE id = ANY(${ids}::text[]) AND "labId" = ${labId} AND "claimedBy" IS NULL
        AND status::text = ANY(${allowedPredecessors("CANCELLED")}::text[])
      RETURNING id, "labId"
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, c.id, c."labId", 'cancelled', 'CANCELLED', ${eventSourceOf(principal)}::text, ${detail}::jsonb, ${at}
      FROM cancelled c
    )
    SELECT id FROM cancelled`;
  const cancelled = new Set(rows.map((r) => r.id));
  const rest = ids.filter((id) => !cancelled.has(id));
  const current = rest.length
    ? await db.message.findMany({ where: { id: { in: rest }, labId }, select: { id: true, status: true } })
    : [];
  const statusOf = new Map(current.map((m) => [m.id, m.status]));
  return {
    cancelled: ids.filter((id) => cancelled.has(id)),
    notCancelled: rest.map((messageId) => ({ messageId, status: statusOf.get(messageId) ?? null })),
  };
}
