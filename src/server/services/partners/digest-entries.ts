import type { SqlRunner } from "@/server/db/sql-runner";
import { Prisma } from "@/generated/prisma/client";
import { sqlFromEpochMs, sqlTimestamp } from "@/server/db/sql-time";

/** An event waiting for a partner's digest. */
export type TDigestEntry = {
  id: string;
  labId: string;
  partnerId: string;
  triggerKey: string;
  variables: Record<string, unknown>;
  contactId: string | null;
  requestId: string;
  dueAt: Date;
};

/** Writes the events for partners' digests, in the send's transaction. */
export async function insertDigestEntries(tx: SqlRunner, entries: TDigestEntry[], now: Date): Promise<void> {
  if (entries.length === 0) return;
  const e = <T>(pick: (entry: TDigestEntry) => T) => entries.map(pick);
  await tx.$executeRaw`
    INSERT INTO "PartnerDigestEntry" (id, "labId", "partnerId", "triggerKey", variables, "contactId", "requestId", "dueAt", "createdAt")
    SELECT u.id, u.lab_id, u.partner_id, u.trigger_key, u.variables, u.contact_id, u.request_id, ${sqlFromEpochMs(Prisma.sql`u.due_ms`)}, ${sqlTimestamp(now)}
    FROM unnest(${e((x) => x.id)}::text[], ${e((x) => x.labId)}::text[], ${e((x) => x.partnerId)}::text[], ${e((x) => x.triggerKey)}::text[],
                ${e((x) => JSON.stringify(x.variables))}::jsonb[], ${e((x) => x.contactId)}::text[], ${e((x) => x.requestId)}::text[],
                ${e((x) => x.dueAt.getTime())}::float8[])
      AS u(id, lab_id, partner_id, trigger_key, variables, contact_id, request_id, due_ms)`;
}

/** For each partner and trigger, when the digest window still open (events waiting, due later than now) closes. */
export async function findOpenDigestWindows(tx: SqlRunner, { labId, keys, now }: { labId: string; keys: { partnerId: string; triggerKey: string }[]; now: Date }): Promise<Map<string, Date>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ partnerId: string; triggerKey: string; dueAt: Date }[]>`
    SELECT "partnerId", "triggerKey", min("dueAt") AS "dueAt" FROM "PartnerDigestEntry"
    WHERE "labId" = ${labId} AND "partnerId" = ANY(${keys.map((k) => k.partnerId)}::text[]) AND "triggerKey" = ANY(${keys.map((k) => k.triggerKey)}::text[])
      AND "digestedAt" IS NULL AND "dueAt" > ${sqlTimestamp(now)}
    GROUP BY "partnerId", "triggerKey"`;
  return new Map(rows.map((row) => [`${row.partnerId}/${row.triggerKey}`, row.dueAt]));
}
