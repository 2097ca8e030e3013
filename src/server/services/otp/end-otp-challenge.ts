import type { OtpStatus } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";
import { insertOtpEvents } from "@/server/services/otp/otp-events";

export type TEndedStatus = Exclude<OtpStatus, "PENDING">;

/**
 * Ends pending challenges (approved, expired, max attempts, canceled) in one statement, as part of
 * the caller's work: the sealed code and every sealed message body go, and messages not yet handed
 * to a provider are cancelled, since a code that no longer works must not arrive. Returns the ids it
 * ended: a challenge ended by a concurrent call is left as that call ended it.
 */
export async function endOtpChallenges(tx: SqlRunner, { ids, status, now, detail }: { ids: readonly string[]; status: TEndedStatus; now: Date; detail?: Record<string, unknown> }): Promise<string[]> {
  if (ids.length === 0) return [];
  const at = sqlTimestamp(now);
  const rows = await tx.$queryRaw<{ id: string; labId: string }[]>`
    WITH ended AS (
      UPDATE "OtpChallenge" SET status = ${status}::"OtpStatus", "codeSealed" = NULL, "endedAt" = ${at}, "updatedAt" = ${at}
      WHERE id = ANY(${ids}::text[]) AND status = 'PENDING'
      RETURNING id, "labId"
    ),
    -- A challenge's messages are found through its timeline (indexed by challenge), not a scan of Message.
    owned AS (
      SELECT DISTINCT ev."messageId" AS id, e."labId" FROM "OtpEvent" ev JOIN ended e ON ev."challengeId" = e.id WHERE ev."messageId" IS NOT NULL
    ),
    cancelled AS (
      UPDATE "Message" AS m SET status = 'CANCELLED', "nextAttemptAt" = NULL, "sealedContent" = NULL, "updatedAt" = ${at}
      FROM owned o
      WHERE m.id = o.id AND m."labId" = o."labId" AND m."claimedBy" IS NULL AND m.status::text IN ('QUEUED', 'SCHEDULED')
      RETURNING m.id, m."labId"
    ),
    cancel_events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, c.id, c."labId", 'cancelled', 'CANCELLED', 'system', '{"reason":"otp_challenge_ended"}'::jsonb, ${at} FROM cancelled c
    ),
    erased AS (
      UPDATE "Message" AS m SET "sealedContent" = NULL
      FROM owned o
      WHERE m.id = o.id AND m."sealedContent" IS NOT NULL AND NOT (m.id = ANY(SELECT id FROM cancelled))
    )
    SELECT id, "labId" FROM ended`;
  await insertOtpEvents(tx, rows.map((r) => ({ challengeId: r.id, labId: r.labId, type: status.toLowerCase(), detail })), now);
  return rows.map((r) => r.id);
}
