import type { SqlRunner } from "@/server/db/sql-runner";

/**
 * Records that these events of an account are being applied; returns the keys not seen before.
 * In the applying transaction, so an event whose application fails is not marked seen and the
 * provider's retry applies it.
 */
export async function claimWebhookEvents(tx: SqlRunner, businessAccountId: string, eventKeys: readonly string[]): Promise<Set<string>> {
  if (eventKeys.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ eventKey: string }[]>`
    INSERT INTO "WebhookReceipt" ("businessAccountId", "eventKey", "receivedAt")
    SELECT ${businessAccountId}, k, now() AT TIME ZONE 'UTC' FROM unnest(${[...new Set(eventKeys)]}::text[]) AS k
    ON CONFLICT DO NOTHING
    RETURNING "eventKey"`;
  return new Set(rows.map((r) => r.eventKey));
}
