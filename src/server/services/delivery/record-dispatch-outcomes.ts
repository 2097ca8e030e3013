import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TDispatchOutcome } from "@/server/services/delivery/plan-dispatch-outcome";
import { sqlFromEpochMs, sqlTimestamp } from "@/server/db/sql-time";

export type TRecordDispatchOutcomesOptions = {
  workerId: string;
  at: Date;
  outcomes: readonly TDispatchOutcome[];
  /** Other messages of this worker marked as handed to their provider now, in the same statement. */
  calling?: readonly string[];
};

/**
 * Writes a batch's results and their events in one statement (arrays unnested, so the statement has
 * the same shape for any batch size). A row is written only while this worker still holds its claim:
 * if the claim went stale and another worker took the message over, that worker's result stands.
 * Returns the ids that were written. `calling` marks further messages whose provider call begins
 * once the statement returns, so a slot records its last outcome and marks its next call in one
 * round trip and one commit.
 */
export async function recordDispatchOutcomes(db: SqlRunner, { workerId, at, outcomes, calling = [] }: TRecordDispatchOutcomesOptions): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const column = <T>(pick: (o: TDispatchOutcome) => T | undefined): (T | null)[] => outcomes.map((o) => pick(o) ?? null);
  const now = sqlTimestamp(at);
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH v AS (
      SELECT * FROM unnest(
        ${column((o) => o.messageId)}::text[], ${column((o) => o.status)}::text[], ${column((o) => o.businessAccountId)}::text[],
        ${column((o) => o.provider)}::text[], ${column((o) => o.providerMessageId)}::text[], ${column((o) => o.attempts)}::int[],
        ${column((o) => o.nextAttemptAt?.getTime())}::float8[], ${column((o) => o.errorCode)}::text[], ${column((o) => o.errorMessage)}::text[],
        ${column((o) => o.skipReason)}::text[], ${column((o) => o.cost?.toString())}::numeric[], ${column((o) => o.currency)}::text[],
        ${column((o) => o.segments)}::int[], ${column((o) => o.sent ?? false)}::bool[],
        ${column((o) => o.event.type)}::text[], ${column((o) => o.event.status)}::text[], ${column((o) => JSON.stringify(o.event.detail))}::jsonb[]
      ) AS v(id, status, account_id, provider, provider_message_id, attempts, next_ms, error_code, error_message,
             skip_reason, cost, currency, segments, sent, event_type, event_status, detail)
    ),
    updated AS (
      UPDATE "Message" AS m
      SET status = v.status::"MessageStatus",
          "businessAccountId" = v.account_id,
          provider = COALESCE(v.provider, m.provider),
          "providerMessageId" = COALESCE(v.provider_message_id, m."providerMessageId"),
          attempts = COALESCE(v.attempts, m.attempts),
          "nextAttemptAt" = CASE WHEN v.next_ms IS NULL THEN NULL ELSE ${sqlFromEpochMs(Prisma.sql`v.next_ms`)} END,
          "errorCode" = v.error_code,
          "errorMessage" = v.error_message,
          "skipReason" = COALESCE(v.skip_reason, m."skipReason"),
          cost = COALESCE(v.cost, m.cost),
          currency = COALESCE(v.currency, m.currency),
          segments = COALESCE(v.segments, m.segments),
          "sentAt" = CASE WHEN v.sent THEN ${now} ELSE m."sentAt" END,
          "claimedBy" = NULL,
          "claimedAt" = NULL,
          -- A sealed body (an OTP's) is kept only while the message may still be sent.
          "sealedContent" = CASE WHEN v.status = 'QUEUED' THEN m."sealedContent" END,
          "updatedAt" = ${now}
      FROM v
      -- status as text: found by id, never by scanning every SENDING row (see claimMessages).
      WHERE m.id = v.id AND m.status::text = 'SENDING' AND m."claimedBy" = ${workerId}
      RETURNING m.id, m."labId"
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, u.id, u."labId", v.event_type, v.event_status::"MessageStatus", 'worker', jsonb_strip_nulls(v.detail), ${now}
      FROM updated u JOIN v ON v.id = u.id
    ),
    calling AS (
      UPDATE "Message" SET "callStartedAt" = ${now}
      WHERE id = ANY(${calling}::text[]) AND status::text = 'SENDING' AND "claimedBy" = ${workerId}
    )
    SELECT id FROM updated`;
  return new Set(rows.map((r) => r.id));
}
