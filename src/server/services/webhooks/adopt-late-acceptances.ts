import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TStatusReport } from "@/server/providers/types";
import { OUTCOME_UNKNOWN } from "@/server/services/delivery/can-transition";

/** The account a callback came through, as far as adopting its messages needs. */
export type TAdoptingAccount = { id: string; labId: string | null; channel: Channel; provider: string };

/**
 * A provider's first status callback may name a message that has no provider id yet: the call that
 * sent it timed out (and was accepted all the same), or its answer is still being written when the
 * callback comes (a callback 20 ms after the answer, a write that waits for a connection under load).
 * That message takes the id and becomes SENT, so the callback's status applies, a retry waiting for it
 * finds nothing to send and the patient gets one message, not two; the worker's own write of the
 * answer then finds the message no longer its own and changes nothing. Only a message still waiting
 * for its send (QUEUED, or SENDING) is adopted, and only by its account: the one it is on, or, on its
 * first call (no account written yet), an account of its channel that its lab may use (its own, or a
 * platform account).
 *
 * A message that already ended FAILED `outcome_unknown` (its call got no answer and the provider could not
 * dedupe a resend) takes the id too, on the account it was sent through only; it keeps its status here,
 * and the callback's status then lifts it out of the unknown (recordDeliveryStatuses), one event saying so.
 */
export async function adoptLateAcceptances(tx: SqlRunner, account: TAdoptingAccount, reports: readonly TStatusReport[]): Promise<number> {
  const named = reports.filter((r) => r.heraldMessageId);
  if (named.length === 0) return 0;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH v AS (SELECT * FROM unnest(${named.map((r) => r.heraldMessageId!)}::text[], ${named.map((r) => r.providerMessageId)}::text[]) AS v(message_id, pmid)),
    adopted AS (
      UPDATE "Message" AS m
      SET status = 'SENT', "providerMessageId" = v.pmid, "sentAt" = COALESCE(m."sentAt", now() AT TIME ZONE 'UTC'),
          "businessAccountId" = ${account.id}, provider = ${account.provider}, "claimedBy" = NULL, "claimedAt" = NULL,
          "nextAttemptAt" = NULL, "errorCode" = NULL, "errorMessage" = NULL, "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM v
      WHERE m.id = v.message_id AND m."providerMessageId" IS NULL AND m.status::text IN ('QUEUED', 'SENDING')
        AND (m."businessAccountId" = ${account.id}
          OR (m."businessAccountId" IS NULL AND m.channel::text = ${account.channel} AND (${account.labId}::text IS NULL OR m."labId" = ${account.labId}::text)))
      RETURNING m.id, m."labId", v.pmid
    ),
    identified AS (
      UPDATE "Message" AS m
      SET "providerMessageId" = v.pmid
      FROM v
      WHERE m.id = v.message_id AND m."providerMessageId" IS NULL AND m.status = 'FAILED' AND m."errorCode" = ${OUTCOME_UNKNOWN}
        AND m."businessAccountId" = ${account.id}
      RETURNING m.id
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, a.id, a."labId", 'accepted', 'SENT', 'webhook',
        jsonb_build_object('providerMessageId', a.pmid, 'late', true), now() AT TIME ZONE 'UTC'
      FROM adopted a
    )
    SELECT id FROM adopted UNION ALL SELECT id FROM identified`;
  return rows.length;
}
