import { Prisma } from "@/generated/prisma/client";
import type { MessageStatus } from "@/generated/prisma/enums";
import { preparedSql, type SqlRunner } from "@/server/db/sql-runner";
import { STATUS_RANK, type TEventSource } from "@/server/domain/notifications";
import type { TProviderStatus } from "@/server/providers/types";
import { allowedPredecessors, canLiftUnknownOutcome, OUTCOME_UNKNOWN } from "@/server/services/delivery/can-transition";
import { sqlFromEpochMs, sqlTimestamp } from "@/server/db/sql-time";

/** One status a provider reported for one of its messages, through one business account. */
export type TDeliveryStatusReport = {
  /** Reports are matched within the account that sent the message: provider ids are only unique there. */
  businessAccountId: string;
  providerMessageId: string;
  status: TProviderStatus;
  /** When the provider says it happened. */
  at: Date;
  errorCode?: string;
  /** The provider's own code when errorCode is Herald's reason for it: kept in the event, for support. */
  providerCode?: string;
  errorMessage?: string;
  cost?: number;
  currency?: string;
  segments?: number;
};

export type TRecordDeliveryStatusesOptions = {
  db: SqlRunner;
  reports: readonly TDeliveryStatusReport[];
  source: Extract<TEventSource, "webhook" | "poll" | "worker">;
  now?: Date;
  /**
   * Webhook receipts claimed in the same statement, one distinct (account, key) per report: a report whose key
   * was claimed before is a repeat and changes nothing. A report that matches no message but names
   * a Herald message (a late acceptance) is neither claimed nor recorded: `deferred`, for the caller's
   * fuller path.
   */
  receipts?: { eventKeys: readonly string[]; heraldMessageIds: readonly (string | undefined)[] };
  /**
   * The runner runs each statement on its own, outside a transaction (a pool): the statement is then
   * prepared once per connection, so PostgreSQL parses and plans its many CTEs once, not per batch.
   */
  autocommit?: boolean;
};

export type TRecordedStatus = {
  providerMessageId: string;
  /** Null when no message has this provider id (yet): a webhook may answer so the provider retries. */
  messageId: string | null;
  previous: MessageStatus | null;
  /** False when the report would have moved the message backwards, repeated its status, or lost to a later one. */
  applied: boolean;
  /** With receipts: false when the report's key had been claimed before (a repeat), or it was deferred. */
  claimed?: boolean;
  /** With receipts: the report was left alone for a path that can adopt a late acceptance. */
  deferred?: boolean;
};

/**
 * Records provider statuses: each moves its message only forward (canTransition, checked in the
 * UPDATE's own WHERE so concurrent reports cannot race it backwards), or, from a webhook or a lookup,
 * out of FAILED `outcome_unknown` (canLiftUnknownOutcome: its event says `lifted`); each received report
 * is a "status" event with its source, ignored ones marked with why. One statement for the whole batch.
 */
export async function recordDeliveryStatuses({ db, reports, source, now = new Date(), receipts, autocommit = false }: TRecordDeliveryStatusesOptions): Promise<TRecordedStatus[]> {
  if (reports.length === 0) return [];
  const column = <T>(pick: (r: TDeliveryStatusReport) => T | undefined): (T | null)[] => reports.map((r) => pick(r) ?? null);
  const at = sqlTimestamp(now);
  const reportedAt = sqlFromEpochMs(Prisma.sql`w.at_ms`);
  const keys = receipts ? receipts.eventKeys : reports.map(() => null);
  // Only a verified report from the provider (its signed callback, Herald's own lookup) may lift an unknown outcome.
  const lifts = source === "webhook" || source === "poll";
  const movable = (alias: string) =>
    Prisma.sql`(${Prisma.raw(alias)}.previous = ANY(string_to_array(${Prisma.raw(alias)}.allowed, ',')) OR (${Prisma.raw(alias)}.lifts AND ${Prisma.raw(alias)}.previous = 'FAILED' AND ${Prisma.raw(alias)}.previous_code = ${OUTCOME_UNKNOWN}))`;
  const heraldIds = receipts ? receipts.heraldMessageIds.map((id) => id ?? null) : reports.map(() => null);
  // Found: the reports with their message. With receipts, only those whose key this statement claimed
  // go on to be matched: one statement, so a failure claims nothing and the provider's retry applies it.
  const matching = receipts
    ? Prisma.sql`
    found AS (
      SELECT i.*, m.id AS message_id, m."labId" AS lab_id, m.status::text AS previous, m."errorCode" AS previous_code
      FROM input i LEFT JOIN "Message" m ON m."businessAccountId" = i.account_id AND m."providerMessageId" = i.pmid
    ),
    claimed AS (
      INSERT INTO "WebhookReceipt" ("businessAccountId", "eventKey", "receivedAt")
      SELECT account_id, event_key, ${at} FROM found WHERE message_id IS NOT NULL OR herald_id IS NULL
      ON CONFLICT DO NOTHING
      RETURNING "businessAccountId" AS account_id, "eventKey" AS event_key
    ),
    matched AS (SELECT f.* FROM found f JOIN claimed c USING (account_id, event_key) WHERE f.message_id IS NOT NULL),`
    : Prisma.sql`
    found AS (SELECT i.*, NULL::text AS message_id FROM input i WHERE false),
    claimed AS (SELECT NULL::text AS account_id, NULL::text AS event_key WHERE false),
    matched AS (
      SELECT i.*, m.id AS message_id, m."labId" AS lab_id, m.status::text AS previous, m."errorCode" AS previous_code
      FROM input i JOIN "Message" m ON m."businessAccountId" = i.account_id AND m."providerMessageId" = i.pmid
    ),`;
  const statement = Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${reports.map((_, i) => i)}::int[], ${column((r) => r.businessAccountId)}::text[], ${column((r) => r.providerMessageId)}::text[],
        ${column((r) => r.status)}::text[], ${column((r) => STATUS_RANK[r.status])}::int[], ${column((r) => r.at.getTime())}::float8[],
        ${column((r) => r.errorCode)}::text[], ${column((r) => r.errorMessage)}::text[], ${column((r) => allowedPredecessors(r.status).join(","))}::text[],
        ${column((r) => r.cost?.toString())}::numeric[], ${column((r) => r.currency)}::text[], ${column((r) => r.segments)}::int[],
        ${keys}::text[], ${heraldIds}::text[], ${column((r) => lifts && canLiftUnknownOutcome("FAILED", OUTCOME_UNKNOWN, r.status))}::boolean[],
        ${column((r) => r.providerCode)}::text[]
      ) AS i(ord, account_id, pmid, status, rank, at_ms, code, message, allowed, cost, currency, segments, event_key, herald_id, lifts, provider_code)
    ),${matching}
    -- A price or segment count may come with any report, even one that changes no status.
    priced AS (
      UPDATE "Message" AS m
      SET cost = COALESCE(p.cost, m.cost), currency = COALESCE(p.currency, m.currency), segments = COALESCE(p.segments, m.segments)
      FROM (SELECT DISTINCT ON (message_id) message_id, cost, currency, segments FROM matched
            WHERE cost IS NOT NULL OR segments IS NOT NULL ORDER BY message_id, ord DESC) p
      WHERE m.id = p.message_id AND NOT EXISTS (SELECT 1 FROM matched w WHERE w.message_id = p.message_id AND ${movable("w")})
      RETURNING m.id
    ),
    winner AS (
      SELECT DISTINCT ON (message_id) * FROM matched w
      WHERE ${movable("w")}
      ORDER BY message_id, rank DESC, ord DESC
    ),
    updated AS (
      UPDATE "Message" AS m
      SET status = w.status::"MessageStatus",
          -- A lifted unknown outcome the provider did not fail itself: it had the message since the call began.
          "sentAt" = CASE WHEN m.status = 'FAILED' AND w.status <> 'FAILED' THEN COALESCE(m."sentAt", m."callStartedAt", ${reportedAt}) ELSE m."sentAt" END,
          -- A provider's clock may be behind ours: a message is never delivered before it was sent.
          "deliveredAt" = CASE WHEN w.status IN ('DELIVERED', 'READ') THEN COALESCE(m."deliveredAt", GREATEST(${reportedAt}, m."sentAt")) ELSE m."deliveredAt" END,
          cost = COALESCE(w.cost, m.cost),
          currency = COALESCE(w.currency, m.currency),
          segments = COALESCE(w.segments, m.segments),
          -- From FAILED (a lifted unknown outcome) the provider's word replaces "outcome unknown" entirely.
          "errorCode" = CASE WHEN m.status = 'FAILED' THEN w.code WHEN w.status IN ('UNDELIVERED', 'FAILED') THEN COALESCE(w.code, m."errorCode") ELSE m."errorCode" END,
          "errorMessage" = CASE WHEN m.status = 'FAILED' THEN w.message WHEN w.status IN ('UNDELIVERED', 'FAILED') THEN COALESCE(w.message, m."errorMessage") ELSE m."errorMessage" END,
          -- Applied after the message's last change, so dated after it: a report whose request began
          -- first but waited for the row reads in the timeline in the order it was applied.
          "updatedAt" = GREATEST(${at}, m."updatedAt" + interval '1 millisecond')
      FROM winner w
      WHERE m.id = w.message_id
        AND (m.status::text = ANY(string_to_array(w.allowed, ',')) OR (w.lifts AND m.status = 'FAILED' AND m."errorCode" = ${OUTCOME_UNKNOWN}))
      RETURNING w.ord, m."updatedAt" AS applied_at
    ),
    events AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT gen_random_uuid()::text, mt.message_id, mt.lab_id, 'status', mt.status::"MessageStatus", ${source}::text,
        jsonb_strip_nulls(jsonb_build_object(
          'applied', u.ord IS NOT NULL,
          'ignored', CASE WHEN u.ord IS NOT NULL THEN NULL WHEN mt.previous = mt.status THEN 'repeat'
                          WHEN ${movable("mt")} THEN 'superseded' ELSE 'stale' END,
          'lifted', CASE WHEN u.ord IS NOT NULL AND mt.previous = 'FAILED' THEN mt.previous_code END,
          'previous', mt.previous, 'reportedAt', to_char(to_timestamp(mt.at_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'errorCode', mt.code, 'providerCode', mt.provider_code, 'errorMessage', mt.message)),
        -- Reports for one message in one statement (a "sent" and a "delivered" callback grouped
        -- together) would share a time and read in random order: a microsecond per report of that
        -- message keeps the order they were received in.
        COALESCE(u.applied_at, ${at}) + (row_number() OVER (PARTITION BY mt.message_id ORDER BY mt.ord) - 1) * interval '1 microsecond'
      FROM matched mt LEFT JOIN updated u ON u.ord = mt.ord
    )
    SELECT i.ord, COALESCE(mt.message_id, f.message_id) AS "messageId", mt.previous, (u.ord IS NOT NULL) AS applied,
      (c.event_key IS NOT NULL) AS claimed, (f.ord IS NOT NULL AND f.message_id IS NULL AND f.herald_id IS NOT NULL) AS deferred
    FROM input i LEFT JOIN matched mt ON mt.ord = i.ord LEFT JOIN updated u ON u.ord = i.ord
      LEFT JOIN found f ON f.ord = i.ord LEFT JOIN claimed c ON c.account_id = i.account_id AND c.event_key = i.event_key
    ORDER BY i.ord`;
  const rows = await db.$queryRaw<{ ord: number; messageId: string | null; previous: MessageStatus | null; applied: boolean; claimed: boolean; deferred: boolean }[]>(
    autocommit ? preparedSql("record-delivery-statuses", statement) : statement,
  );
  return rows.map((row) => ({
    providerMessageId: reports[row.ord]!.providerMessageId,
    messageId: row.messageId,
    previous: row.previous,
    applied: row.applied,
    ...(receipts && { claimed: row.claimed, deferred: row.deferred }),
  }));
}

export type TRecordDeliveryStatusOptions = { db: SqlRunner; source: TRecordDeliveryStatusesOptions["source"]; now?: Date } & TDeliveryStatusReport;

/** Records one provider status (a webhook call, a poll result); see recordDeliveryStatuses. */
export async function recordDeliveryStatus({ db, source, now, ...report }: TRecordDeliveryStatusOptions): Promise<TRecordedStatus> {
  const [recorded] = await recordDeliveryStatuses({ db, reports: [report], source, now });
  return recorded!;
}
