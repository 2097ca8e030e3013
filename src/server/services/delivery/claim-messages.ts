import { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";

/** A message this worker now holds (status SENDING), with what sending it needs. */
export type TClaimedMessage = {
  id: string;
  labId: string;
  channel: Channel;
  triggerKey: string;
  to: string | null;
  subject: string | null;
  body: string | null;
  html: string | null;
  text: string | null;
  variables: Prisma.JsonValue;
  templateVersionId: string | null;
  segments: number | null;
  businessAccountId: string | null;
  /** Attempts on the current account, this one included. */
  attempts: number;
  /** The lab's hard stop, read in the claim itself so it is current at dispatch time. */
  hardStop: boolean;
};

export type TClaimMessagesOptions = {
  messageIds: readonly string[];
  workerId: string;
  now: Date;
  staleClaimMs: number;
};

/**
 * Claims the due messages among `messageIds` in one statement: QUEUED ones whose next attempt is due,
 * SCHEDULED ones whose send time has come, and SENDING ones whose claim went stale (their worker died).
 * SKIP LOCKED gives concurrent dispatchers disjoint sets, and the status re-check under the row lock
 * means no two workers ever hold one message. Writes each claimed message's "dispatched" event too.
 * Statuses are compared as text so the rows are found by id alone: during a burst, statistics lag
 * behind and the planner would otherwise scan every QUEUED and SENDING row to find a batch's hundred.
 */
export async function claimMessages(db: Db, { messageIds, workerId, now, staleClaimMs }: TClaimMessagesOptions): Promise<TClaimedMessage[]> {
  if (messageIds.length === 0) return [];
  const at = sqlTimestamp(now);
  const staleBefore = sqlTimestamp(new Date(now.getTime() - staleClaimMs));
  return db.$queryRaw<TClaimedMessage[]>`
    WITH due AS (
      SELECT id, "claimedBy" AS "previousWorker" FROM "Message"
      WHERE id = ANY(${messageIds}::text[])
        AND ((status::text = 'QUEUED' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${at}))
          OR (status::text = 'SCHEDULED' AND ("sendAt" IS NULL OR "sendAt" <= ${at}))
          OR (status::text = 'SENDING' AND "claimedAt" < ${staleBefore}))
      FOR UPDATE SKIP LOCKED
    ),
    claimed AS (
      UPDATE "Message" AS m
      SET status = 'SENDING', "claimedBy" = ${workerId}, "claimedAt" = ${at}, attempts = m.attempts + 1, "updatedAt" = ${at}
      FROM due
      WHERE m.id = due.id
      RETURNING m.id, m."labId", m.channel, m."triggerKey", m."to", m.subject, m.body, m.html, m.text, m.variables,
        m."templateVersionId", m.segments, m."businessAccountId", m.attempts, due."previousWorker"
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, c.id, c."labId", 'dispatched', 'SENDING', 'worker',
        jsonb_strip_nulls(jsonb_build_object('attempt', c.attempts, 'workerId', ${workerId}::text, 'reclaimedFrom', c."previousWorker")), ${at}
      FROM claimed c
    )
    SELECT c.id, c."labId", c.channel, c."triggerKey", c."to", c.subject, c.body, c.html, c.text, c.variables,
      c."templateVersionId", c.segments, c."businessAccountId", c.attempts, l."hardStop"
    FROM claimed c JOIN "Lab" l ON l.id = c."labId"`;
}

export type TInFlightMessage = { id: string; labId: string; businessAccountId: string | null; claimedAt: Date };

/** Messages among `messageIds` that another worker holds: followed up once that claim could be stale. */
export async function findInFlight(db: Db, messageIds: readonly string[]): Promise<TInFlightMessage[]> {
  if (messageIds.length === 0) return [];
  return db.message.findMany({
    where: { id: { in: [...messageIds] }, status: "SENDING", claimedAt: { not: null } },
    select: { id: true, labId: true, businessAccountId: true, claimedAt: true },
  }) as Promise<TInFlightMessage[]>;
}
