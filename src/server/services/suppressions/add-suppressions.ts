import { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TSuppressionReason } from "@/server/providers/types";
import { suppressionAddress } from "@/server/services/suppressions/suppression-address";

export type TSuppressionEntry = {
  labId: string;
  channel: Channel;
  address: string;
  reason: TSuppressionReason;
  /** "webhook:twilio", "dispatch:twilio", "user", "apiKey", ... */
  source: string;
  detail?: Prisma.InputJsonObject;
  createdById?: string | null;
};

/**
 * Adds do-not-contact entries in one statement; an address already suppressed keeps its first
 * entry (the earliest reason is the one to show). Returns the entries that were new.
 */
export async function addSuppressions(tx: SqlRunner, entries: readonly TSuppressionEntry[]): Promise<{ id: string; labId: string; channel: Channel; address: string }[]> {
  if (entries.length === 0) return [];
  const column = <T>(pick: (e: TSuppressionEntry) => T | undefined | null) => entries.map((e) => pick(e) ?? null);
  return tx.$queryRaw`
    INSERT INTO "Suppression" (id, "labId", channel, address, reason, source, detail, "createdById", "createdAt")
    SELECT gen_random_uuid()::text, v.lab_id, v.channel::"Channel", v.address, v.reason, v.source, v.detail, v.created_by, now() AT TIME ZONE 'UTC'
    FROM unnest(${column((e) => e.labId)}::text[], ${column((e) => e.channel)}::text[], ${column((e) => suppressionAddress(e.channel, e.address))}::text[],
                ${column((e) => e.reason)}::text[], ${column((e) => e.source)}::text[], ${column((e) => (e.detail ? JSON.stringify(e.detail) : null))}::jsonb[],
                ${column((e) => e.createdById)}::text[])
      AS v(lab_id, channel, address, reason, source, detail, created_by)
    ON CONFLICT ("labId", channel, address) DO NOTHING
    RETURNING id, "labId", channel, address`;
}
