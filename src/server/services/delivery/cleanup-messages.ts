import { Prisma } from "@/generated/prisma/client";
import type { MessageStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";

export type TCleanupMessagesOptions = {
  db: Db;
  now?: Date;
  batchSize?: number;
};

const DAY_MS = 24 * 60 * 60_000;

/**
 * Statuses whose messages may lose their content: those nothing will send any more. A SCHEDULED,
 * QUEUED or SENDING message still needs its address and body, however old (one scheduled a year
 * ahead is older than a 30-day retention when it falls due). SENT counts as final once past
 * retention: the provider has the message, so nothing of ours reads its address or content again;
 * a late delivery report still finds it by account and provider id, which stay, though the daily
 * statistics keep it as SENT.
 */
const REDACTABLE_STATUSES: MessageStatus[] = ["SKIPPED", "SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED", "CANCELLED"];

/**
 * A lab's oldest unredacted, finished messages created before `cutoff`: exactly the rows of the partial
 * index Message_redactable_idx (messages in flight have no entry in it, so claiming one adds none).
 */
export function redactableBatch(labId: string, cutoff: Date, batchSize: number): Prisma.Sql {
  return Prisma.sql`
    SELECT id FROM "Message"
    WHERE "labId" = ${labId} AND "redactedAt" IS NULL AND "createdAt" < ${sqlTimestamp(cutoff)}
      AND status = ANY(${REDACTABLE_STATUSES}::"MessageStatus"[])
    ORDER BY "createdAt"
    LIMIT ${batchSize}::int`;
}

/**
 * Retention: for each lab, finished messages older than its retentionDays lose their content and personal
 * data (address, content, variables, contact link, provider error text, event details). What the
 * statistics count (status, channel, trigger, account, provider, codes, cost, segments, times) stays on
 * the row, and the hourly, daily and monthly statistics are never erased, so a period's figures are the
 * same before and after, and a rebuild from the messages gives them again. Only rows not yet redacted
 * are taken, so a repeated or concurrent run redacts each message once.
 */
export async function cleanupMessages({ db, now = new Date(), batchSize = 1_000 }: TCleanupMessagesOptions) {
  const labs = await db.lab.findMany({ select: { id: true, retentionDays: true }, orderBy: { id: "asc" } });
  let redacted = 0;
  for (const lab of labs) {
    const cutoff = new Date(now.getTime() - lab.retentionDays * DAY_MS);
    for (;;) {
      const count = await redactBatch(db, { labId: lab.id, cutoff, now, batchSize });
      redacted += count;
      if (count < batchSize) break;
    }
  }
  return { labs: labs.length, redacted };
}

type TRedactBatchOptions = { labId: string; cutoff: Date; now: Date; batchSize: number };

async function redactBatch(db: Db, { labId, cutoff, now, batchSize }: TRedactBatchOptions): Promise<number> {
  const at = sqlTimestamp(now);
  const [row] = await db.$queryRaw<{ redacted: number }[]>`
    WITH batch AS (
      ${redactableBatch(labId, cutoff, batchSize)}
      FOR UPDATE SKIP LOCKED
    ),
    redacted AS (
      UPDATE "Message" AS m
      SET "to" = NULL, subject = NULL, body = NULL, html = NULL, text = NULL, variables = NULL, "contactId" = NULL,
          "errorMessage" = NULL, "redactedAt" = ${at}, "updatedAt" = ${at}
      FROM batch b
      WHERE m.id = b.id
      RETURNING m.id, m."labId"
    ),
    scrubbed AS (
      UPDATE "MessageEvent" AS e SET detail = NULL
      FROM batch b
      WHERE e."messageId" = b.id AND e.detail IS NOT NULL
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, r.id, r."labId", 'redacted', NULL, 'system', NULL, ${at}
      FROM redacted r
    )
    SELECT count(*)::int AS redacted FROM redacted`;
  return row?.redacted ?? 0;
}
