import { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
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
  contactId: string | null;
  critical: boolean;
  /** The lab's hard stop, read in the claim itself so it is current at dispatch time. */
  hardStop: boolean;
  /** The patient's last word, read in the claim too: why the message must not go out now, or null. */
  blockedBy: "consent_withdrawn" | "suppressed" | "preference_opt_out" | null;
  /** The worker that held the message when its claim went stale mid-call: that call's outcome is unknown. */
  reclaimedFrom: string | null;
  timezone: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
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
 * means no two workers ever hold one message. Writes each claimed message's "dispatched" event too,
 * and reads what must be checked again just before a provider is called: the lab's hard stop, and
 * the patient's consent, preferences and the lab's suppression list.
 * Statuses are compared as text so the rows are found by id alone: during a burst, statistics lag
 * behind and the planner would otherwise scan every QUEUED and SENDING row to find a batch's hundred.
 */
export async function claimMessages(db: SqlRunner, { messageIds, workerId, now, staleClaimMs }: TClaimMessagesOptions): Promise<TClaimedMessage[]> {
  if (messageIds.length === 0) return [];
  const at = sqlTimestamp(now);
  const staleBefore = sqlTimestamp(new Date(now.getTime() - staleClaimMs));
  return db.$queryRaw<TClaimedMessage[]>`
    WITH due AS (
      -- A stale claim whose provider call had begun has an unknown outcome (see prepareAttempt).
      SELECT id, "claimedBy" AS "previousWorker", COALESCE("callStartedAt" >= "claimedAt", false) AS "callStarted" FROM "Message"
      WHERE id = ANY(${messageIds}::text[])
        AND ((status::text = 'QUEUED' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${at}))
          OR (status::text = 'SCHEDULED' AND ("sendAt" IS NULL OR "sendAt" <= ${at}))
          OR (status::text = 'SENDING' AND "claimedAt" < ${staleBefore}))
      FOR UPDATE SKIP LOCKED
    ),
    claimed AS (
      UPDATE "Message" AS m
      SET status = 'SENDING', "claimedBy" = ${workerId}, "claimedAt" = ${at}, "callStartedAt" = NULL, attempts = m.attempts + 1, "updatedAt" = ${at}
      FROM due
      WHERE m.id = due.id
      RETURNING m.id, m."labId", m.channel, m."triggerKey", m."to", m.subject, m.body, m.html, m.text, m.variables,
        m."templateVersionId", m.segments, m."businessAccountId", m.attempts, due."previousWorker", due."callStarted", m."contactId", m.critical, m.category
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, c.id, c."labId", 'dispatched', 'SENDING', 'worker',
        jsonb_strip_nulls(jsonb_build_object('attempt', c.attempts, 'workerId', ${workerId}::text, 'reclaimedFrom', c."previousWorker",
          'callStarted', CASE WHEN c."callStarted" THEN true END)), ${at}
      FROM claimed c
    )
    SELECT c.id, c."labId", c.channel, c."triggerKey", c."to", c.subject, c.body, c.html, c.text, c.variables,
      c."templateVersionId", c.segments, c."businessAccountId", c.attempts, c."contactId", c.critical, l."hardStop",
      CASE WHEN c."callStarted" THEN c."previousWorker" END AS "reclaimedFrom", l.timezone, l."quietHoursStart", l."quietHoursEnd",
      -- The same rules, in the same order, as when the message was accepted (decide-channel.ts).
      CASE
        WHEN EXISTS (SELECT 1 FROM "ContactConsent" cc WHERE cc."contactId" = c."contactId" AND cc.channel = c.channel AND cc.status = 'WITHDRAWN') THEN 'consent_withdrawn'
        WHEN EXISTS (SELECT 1 FROM "Suppression" s WHERE s."labId" = c."labId" AND s.channel = c.channel
                       AND s.address = CASE WHEN c.channel = 'EMAIL' THEN lower(c."to") ELSE c."to" END) THEN 'suppressed'
        WHEN NOT c.critical AND EXISTS (SELECT 1 FROM "ContactPreference" p WHERE p."contactId" = c."contactId" AND p.category = c.category AND p."optedOut") THEN 'preference_opt_out'
      END AS "blockedBy"
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
