import type { SqlRunner } from "@/server/db/sql-runner";
import { IDEMPOTENCY_WINDOW_MS, type TStoredResponse } from "@/server/domain/send";
import { sqlTimestamp } from "@/server/db/sql-time";
import { newId } from "@/server/db/new-id";

export type TClaimSendKeysOptions = {
  labId: string;
  /** Key -> the hash of the request it stands for in this call (hashSendRequest). */
  keys: ReadonlyMap<string, string>;
  now: Date;
};

/** What the request that used a key first left: its response, and the hash of what it asked (null on rows written before hashes were kept). */
export type TTakenSendKey = { response: TStoredResponse; requestHash: string | null };

export type TClaimedSendKeys = {
  /** Key -> what the request that used it first stored. */
  taken: Map<string, TTakenSendKey>;
  /** Key -> the id of the row this request claimed, where its response is stored at the end. */
  claimed: Map<string, string>;
};

/**
 * Inside the send transaction, before anything else is written: claims the
 * keys no request holds and returns the stored responses of those that another
 * request already used. Under READ COMMITTED the insert of a key that a
 * concurrent request holds waits for that request to commit (then conflicts,
 * and its response is readable) or roll back (then this claim succeeds), so two
 * identical requests never both send.
 */
export async function claimSendKeys(tx: SqlRunner, { labId, keys, now }: TClaimSendKeysOptions): Promise<TClaimedSendKeys> {
  const taken = new Map<string, TTakenSendKey>();
  if (keys.size === 0) return { taken, claimed: new Map() };
  // Sorted, so two requests sharing several keys lock them in the same order and cannot deadlock.
  const sorted = [...keys.keys()].sort();
  // One statement: a free key is inserted; a key past the window is new again, so its stale row is taken
  // over (DO UPDATE ... WHERE stale); a fresh one is left alone and not returned. ORDER BY keeps the lock order.
  const rows = await tx.$queryRaw<{ id: string; idempotencyKey: string }[]>`
    INSERT INTO "SendRequest" AS r (id, "labId", "idempotencyKey", "requestHash", response, "createdAt")
    SELECT u.id, ${labId}, u.key, u.hash, '{}'::jsonb, ${sqlTimestamp(now)}
    FROM unnest(${sorted.map(() => newId())}::text[], ${sorted}::text[], ${sorted.map((key) => keys.get(key)!)}::text[]) WITH ORDINALITY AS u(id, key, hash, n)
    ORDER BY u.n
    ON CONFLICT ("labId", "idempotencyKey") DO UPDATE
      SET id = EXCLUDED.id, "requestHash" = EXCLUDED."requestHash", response = EXCLUDED.response, "createdAt" = EXCLUDED."createdAt"
      WHERE r."createdAt" < ${sqlTimestamp(new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS))}
    RETURNING id, "idempotencyKey"`;
  const claimed = new Map(rows.map((row) => [row.idempotencyKey, row.id]));
  if (claimed.size === sorted.length) return { taken, claimed };
  const others = sorted.filter((key) => !claimed.has(key));
  const stored = await tx.$queryRaw<{ idempotencyKey: string; requestHash: string | null; response: unknown }[]>`
    SELECT "idempotencyKey", "requestHash", response FROM "SendRequest" WHERE "labId" = ${labId} AND "idempotencyKey" = ANY(${others}::text[])`;
  for (const row of stored) taken.set(row.idempotencyKey, { response: row.response as TStoredResponse, requestHash: row.requestHash });
  return { taken, claimed };
}
