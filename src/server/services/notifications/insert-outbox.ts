import { Prisma } from "@/generated/prisma/client";
import type { TStoredResponse } from "@/server/domain/send";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlFromEpochMs, sqlTimestamp } from "@/server/db/sql-time";
import type { TOutboxEvent, TOutboxMessage } from "@/server/services/notifications/plan-messages";

export type TInsertOutboxOptions = {
  labId: string;
  requestId: string;
  messages: TOutboxMessage[];
  events: TOutboxEvent[];
  /** SendRequest id -> the response to replay; each row was claimed (with an empty response) in this transaction. */
  responses: Map<string, TStoredResponse>;
  now: Date;
};

/**
 * Writes a call's messages, their first events and the responses of its
 * idempotency keys in one statement of unnested column arrays, whatever the
 * batch size. Prisma's createMany cost about 2 ms a row here (its query
 * compiler handles every value); this is the accept path's biggest write.
 * The events may reference the messages: foreign keys are checked at the end
 * of the statement, after every part of it has run.
 */
export async function insertOutbox(tx: SqlRunner, { labId, requestId, messages, events, responses, now }: TInsertOutboxOptions): Promise<void> {
  if (messages.length === 0 && responses.size === 0) return;
  const m = <T>(pick: (message: TOutboxMessage) => T) => messages.map(pick);
  const e = <T>(pick: (event: TOutboxEvent) => T) => events.map(pick);
  const requestIds = [...responses.keys()];
  const at = sqlTimestamp(now);
  await tx.$executeRaw`
    WITH message AS (
      INSERT INTO "Message" (id, "labId", "contactId", "triggerKey", channel, language, category, critical, status, "skipReason", "to",
        "templateVersionId", subject, body, html, text, variables, segments, encoding, "sendAt", "idempotencyKey", "sealedContent", "requestId", "createdAt", "updatedAt")
      SELECT u.id, ${labId}, u.contact_id, u.trigger_key, u.channel::"Channel", u.language, u.category, u.critical, u.status::"MessageStatus",
        u.skip_reason, u.to_address, u.template_version_id, u.subject, u.body, u.html, u.text, u.variables, u.segments, u.encoding,
        CASE WHEN u.send_at_ms IS NULL THEN NULL ELSE ${sqlFromEpochMs(Prisma.sql`u.send_at_ms`)} END, u.idempotency_key, u.sealed_content, COALESCE(u.request_id, ${requestId}), ${at}, ${at}
      FROM unnest(
        ${m((x) => x.id)}::text[], ${m((x) => x.contactId)}::text[], ${m((x) => x.triggerKey)}::text[], ${m((x) => x.channel)}::text[],
        ${m((x) => x.language)}::text[], ${m((x) => x.category)}::text[], ${m((x) => x.critical)}::bool[], ${m((x) => x.status)}::text[],
        ${m((x) => x.skipReason)}::text[], ${m((x) => x.to)}::text[], ${m((x) => x.templateVersionId)}::text[], ${m((x) => x.subject)}::text[],
        ${m((x) => x.body)}::text[], ${m((x) => x.html)}::text[], ${m((x) => x.text)}::text[], ${m((x) => JSON.stringify(x.variables))}::jsonb[],
        ${m((x) => x.segments)}::int[], ${m((x) => x.encoding)}::text[], ${m((x) => x.sendAt?.getTime() ?? null)}::float8[],
        ${m((x) => x.idempotencyKey)}::text[], ${m((x) => x.sealedContent ?? null)}::text[], ${m((x) => x.requestId ?? null)}::text[]
      ) AS u(id, contact_id, trigger_key, channel, language, category, critical, status, skip_reason, to_address, template_version_id,
             subject, body, html, text, variables, segments, encoding, send_at_ms, idempotency_key, sealed_content, request_id)
    ),
    event AS (
      INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, detail, "createdAt")
      SELECT u.id, u.message_id, ${labId}, u.type, u.status::"MessageStatus", 'api', u.detail, ${at}
      FROM unnest(${e((x) => x.id)}::text[], ${e((x) => x.messageId)}::text[], ${e((x) => x.type)}::text[], ${e((x) => x.status)}::text[],
                  ${e((x) => JSON.stringify(x.detail))}::jsonb[]) AS u(id, message_id, type, status, detail)
    )
    UPDATE "SendRequest" AS r SET response = u.response
    FROM unnest(${requestIds}::text[], ${requestIds.map((id) => JSON.stringify(responses.get(id)))}::jsonb[]) AS u(id, response)
    WHERE r.id = u.id`;
}
