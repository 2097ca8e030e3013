import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TDispatchOutcome } from "@/server/services/delivery/plan-dispatch-outcome";
import { sqlFromEpochMs } from "@/server/db/sql-time";

export type TRecordDispatchOutcomesOptions = {
  workerId: string;
  at: Date;
  outcomes: readonly TDispatchOutcome[];
  /** Other messages of this worker marked as handed to their provider now, in the same statement. */
  calling?: readonly string[];
};

/** One outcome (or, with `calling`, one call mark) of one dispatch run, written at `at`. */
export type TDispatchWrite = { workerId: string; at: Date };

/**
 * Writes a batch's results and their events in one statement (arrays unnested, so the statement has
 * the same shape for any batch size). A row is written only while this worker still holds its claim:
 * if the claim went stale and another worker took the message over, that worker's result stands.
 * Returns the ids that were written. `calling` marks further messages whose provider call begins
 * once the statement returns, so a slot records its last outcome and marks its next call in one
 * round trip and one commit.
 */
export async function recordDispatchOutcomes(db: SqlRunner, { workerId, at, outcomes, calling = [] }: TRecordDispatchOutcomesOptions): Promise<Set<string>> {
  const written = await recordDispatchWrites(db, {
    outcomes: outcomes.map((outcome) => ({ workerId, at, outcome })),
    calling: calling.map((messageId) => ({ workerId, at, messageId })),
  });
  return new Set(written.map((w) => w.messageId));
}

export type TDispatchWrites = {
  outcomes: readonly (TDispatchWrite & { outcome: TDispatchOutcome })[];
  calling: readonly (TDispatchWrite & { messageId: string })[];
};

/**
 * The same for the runs of several dispatch jobs at once, each row with its own worker and time, so
 * the jobs an executor runs side by side share one statement and one commit. Returns the outcomes
 * written, by message and worker.
 */
export async function recordDispatchWrites(db: SqlRunner, { outcomes, calling }: TDispatchWrites): Promise<{ messageId: string; workerId: string }[]> {
  if (outcomes.length === 0) {
    if (calling.length > 0) await markCalling(db, calling);
    return [];
  }
  const column = <T>(pick: (o: TDispatchOutcome) => T | undefined): (T | null)[] => outcomes.map(({ outcome }) => pick(outcome) ?? null);
  const at = sqlFromEpochMs(Prisma.sql`v.at_ms`);
  return db.$queryRaw<{ messageId: string; workerId: string }[]>`
    WITH v AS (
      SELECT * FROM unnest(
        ${column((o) => o.messageId)}::text[], ${outcomes.map((o) => o.workerId)}::text[], ${outcomes.map((o) => o.at.getTime())}::float8[],
        ${column((o) => o.status)}::text[], ${column((o) => o.businessAccountId)}::text[],
        ${column((o) => o.provider)}::text[], ${column((o) => o.providerMessageId)}::text[], ${column((o) => o.attempts)}::int[],
        ${column((o) => o.nextAttemptAt?.getTime())}::float8[], ${column((o) => o.errorCode)}::text[], ${column((o) => o.errorMessage)}::text[],
        ${column((o) => o.skipReason)}::text[], ${column((o) => o.cost?.toString())}::numeric[], ${column((o) => o.currency)}::text[],
        ${column((o) => o.segments)}::int[], ${column((o) => o.sent ?? false)}::bool[],
        ${column((o) => o.event.type)}::text[], ${column((o) => o.event.status)}::text[], ${column((o) => JSON.stringify(o.event.detail))}::jsonb[]
      ) AS v(id, worker, at_ms, status, account_id, provider, provider_message_id, attempts, next_ms, error_code, error_message,
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
          "sentAt" = CASE WHEN v.sent THEN ${at} ELSE m."sentAt" END,
          "claimedBy" = NULL,
          "claimedAt" = NULL,
          -- A sealed body (an OTP's) is kept only while the message may still be sent.
          "sealedContent" = CASE WHEN v.status = 'QUEUED' THEN m."sealedContent" END,
          "updatedAt" = ${at}
      FROM v
      -- status as text: found by id, never by scanning every SENDING row (see claimMessages).
      WHERE m.id = v.id AND m.status::text = 'SENDING' AND m."claimedBy" = v.worker
      RETURNING m.id, m."labId", v.worker
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, u.id, u."labId", v.event_type, v.event_status::"MessageStatus", 'worker', jsonb_strip_nulls(v.detail), ${at}
      FROM updated u JOIN v ON v.id = u.id AND v.worker = u.worker
    ),
    calling AS (
      ${markCallingStatement(calling)}
    )
    SELECT id AS "messageId", worker AS "workerId" FROM updated`;
}

/** Marks messages as handed to their provider now, each only while its worker still holds it. */
async function markCalling(db: SqlRunner, calling: TDispatchWrites["calling"]): Promise<void> {
  await db.$executeRaw(markCallingStatement(calling));
}

function markCallingStatement(calling: TDispatchWrites["calling"]): Prisma.Sql {
  const ids = calling.map((c) => c.messageId);
  // The ids listed on their own too, so the rows are found by primary key whatever the planner makes of the unnest.
  return Prisma.sql`
    UPDATE "Message" AS m SET "callStartedAt" = ${sqlFromEpochMs(Prisma.sql`c.at_ms`)}
    FROM unnest(${ids}::text[], ${calling.map((c) => c.workerId)}::text[], ${calling.map((c) => c.at.getTime())}::float8[]) AS c(id, worker, at_ms)
    WHERE m.id = ANY(${ids}::text[]) AND m.id = c.id AND m.status::text = 'SENDING' AND m."claimedBy" = c.worker`;
}
