import type { SqlRunner } from "@/server/db/sql-runner";
import type { TStatusReport } from "@/server/providers/types";

/**
 * A provider call that timed out may have been accepted all the same: its first status callback then
 * names a message that has no provider id yet. That message takes the id and becomes SENT, so the
 * retry waiting for it finds nothing to send and the patient gets one message, not two. Only a
 * message of this account still waiting for its send (QUEUED, or SENDING) is adopted.
 */
export async function adoptLateAcceptances(tx: SqlRunner, businessAccountId: string, reports: readonly TStatusReport[]): Promise<number> {
  const named = reports.filter((r) => r.heraldMessageId);
  if (named.length === 0) return 0;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH v AS (SELECT * FROM unnest(${named.map((r) => r.heraldMessageId!)}::text[], ${named.map((r) => r.providerMessageId)}::text[]) AS v(message_id, pmid)),
    adopted AS (
      UPDATE "Message" AS m
      SET status = 'SENT', "providerMessageId" = v.pmid, "sentAt" = COALESCE(m."sentAt", now() AT TIME ZONE 'UTC'),
          "nextAttemptAt" = NULL, "errorCode" = NULL, "errorMessage" = NULL, "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM v
      WHERE m.id = v.message_id AND m."businessAccountId" = ${businessAccountId} AND m."providerMessageId" IS NULL
        AND m.status::text IN ('QUEUED', 'SENDING')
      RETURNING m.id, m."labId", v.pmid
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, a.id, a."labId", 'accepted', 'SENT', 'webhook',
        jsonb_build_object('providerMessageId', a.pmid, 'late', true), now() AT TIME ZONE 'UTC'
      FROM adopted a
    )
    SELECT id FROM adopted`;
  return rows.length;
}
