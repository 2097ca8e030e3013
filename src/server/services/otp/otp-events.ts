import { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";
import { newId } from "@/server/db/new-id";

/** One step of a challenge's timeline. Never the code, nor anything derived from it. */
export type TOtpEvent = { challengeId: string; labId: string; type: string; channel?: Channel | null; messageId?: string | null; detail?: Record<string, unknown> };

/** Writes timeline steps in one statement. */
export async function insertOtpEvents(tx: SqlRunner, events: readonly TOtpEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw(otpEventsSql(events, now));
}

/** The insert of timeline steps, for a statement of its own or a WITH clause of another. */
export function otpEventsSql(events: readonly TOtpEvent[], now: Date): Prisma.Sql {
  const e = <T>(pick: (event: TOtpEvent) => T) => events.map(pick);
  return Prisma.sql`
    INSERT INTO "OtpEvent" (id, "challengeId", "labId", type, channel, "messageId", detail, "createdAt")
    SELECT u.id, u.challenge_id, u.lab_id, u.type, u.channel::"Channel", u.message_id, u.detail, ${sqlTimestamp(now)}
    FROM unnest(${e(() => newId())}::text[], ${e((x) => x.challengeId)}::text[], ${e((x) => x.labId)}::text[], ${e((x) => x.type)}::text[],
                ${e((x) => x.channel ?? null)}::text[], ${e((x) => x.messageId ?? null)}::text[], ${e((x) => (x.detail ? JSON.stringify(x.detail) : null))}::jsonb[])
      AS u(id, challenge_id, lab_id, type, channel, message_id, detail)`;
}

export type TOtpBlockRecord = { labId: string; kind: "rate_limit" | "country" | "prefix"; rule: string; channel?: Channel | null; country?: string | null; prefix?: string | null; challengeId?: string | null };

/** Records a refusal for the lab to see; written on its own, so it stays when the refused start rolls back. */
export async function recordOtpBlock(db: SqlRunner, block: TOtpBlockRecord, now: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "OtpBlock" (id, "labId", kind, rule, channel, country, prefix, "challengeId", "createdAt")
    VALUES (${newId()}, ${block.labId}, ${block.kind}, ${block.rule}, ${block.channel ?? null}::"Channel", ${block.country ?? null}, ${block.prefix ?? null},
            ${block.challengeId ?? null}, ${sqlTimestamp(now)})`;
}
