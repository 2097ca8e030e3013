import type { Db } from "@/server/db";

/**
 * Sign-in throttling, kept in the database (SignInThrottle) so every process sees the same counts.
 *
 * Two buckets per attempt: the account ("email:<lower-cased address>") and the client address
 * ("ip:<address>", see clientAddress). Each counts failures until it has been quiet for QUIET_MS;
 * past its free failures, each further failure locks it for a backoff that doubles up to a cap.
 *
 * - The address bucket (20 free, backoff up to 15 minutes) slows one client guessing many accounts.
 *   Only that client is hurt by its lock.
 * - The account bucket (5 free, backoff capped at 1 minute) slows many clients guessing one account.
 *   Anyone can fail an account's sign-in, so its lock is short and, more importantly, does not apply
 *   to an address that has no failures of its own: the account's owner, signing in from a clean
 *   address, is never locked out by someone else's guessing. A sign-in that succeeds clears the
 *   account's bucket. An attacker gets one extra guess per fresh address this way, which the
 *   address bucket then counts.
 * - When the client's address is unknown (no trusted proxy data), the account's lock applies in full.
 *
 * Every attempt is charged as a failure before the password is checked, in one statement that also
 * decides whether it may go ahead, so parallel attempts cannot all slip past a limit; a success
 * refunds it. Expired buckets are deleted by the same statement.
 */
export const THROTTLE_POLICY = {
  quietMs: 15 * 60_000,
  account: { free: 5, baseMs: 1_000, capMs: 60_000 },
  ip: { free: 20, baseMs: 1_000, capMs: 15 * 60_000 },
} as const;

export type TThrottleKeys = { account: string | null; ip: string | null };
export type TThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function throttleKeys(email: unknown, ip: string | null): TThrottleKeys {
  return { account: typeof email === "string" && email.trim() ? `email:${email.trim().toLowerCase()}` : null, ip: ip ? `ip:${ip}` : null };
}

type TDecisionRow = { allowed: boolean; lockedUntil: Date | null };

/**
 * Charges one attempt to both buckets if neither refuses it, atomically. Returns whether it may go
 * ahead and, if not, how long to wait.
 */
export async function beginSignInAttempt(db: Db, keys: TThrottleKeys, now = new Date()): Promise<TThrottleDecision> {
  const { quietMs, account, ip } = THROTTLE_POLICY;
  const quietSince = new Date(now.getTime() - quietMs);
  // Each bucket's next lock, from its failure count after this attempt (f): base * 2^(f - free - 1), capped.
  const [row] = await db.$queryRaw<TDecisionRow[]>`
    WITH pruned AS (
      DELETE FROM "SignInThrottle"
      WHERE "updatedAt" < ${quietSince} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
        AND key IS DISTINCT FROM ${keys.ip}::text AND key IS DISTINCT FROM ${keys.account}::text
    ),
    ip AS (
      INSERT INTO "SignInThrottle" AS t (key, failures, "windowStart", "lockedUntil", "updatedAt")
      SELECT ${keys.ip}::text, 1, ${now}, NULL, ${now} WHERE ${keys.ip}::text IS NOT NULL
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t."updatedAt" < ${quietSince} THEN 1 ELSE t.failures + 1 END,
        "windowStart" = CASE WHEN t."updatedAt" < ${quietSince} THEN ${now} ELSE t."windowStart" END,
        "lockedUntil" = CASE WHEN t."updatedAt" >= ${quietSince} AND t.failures + 1 > ${ip.free}
          THEN ${now}::timestamp + LEAST(${ip.baseMs}::float8 * power(2, t.failures - ${ip.free}), ${ip.capMs}) * interval '1 millisecond' END,
        "updatedAt" = ${now}
      WHERE t."lockedUntil" IS NULL OR t."lockedUntil" <= ${now}
      -- The address was clean when this attempt is the only one it has to its name.
      RETURNING (failures = 1) AS clean
    ),
    account AS (
      INSERT INTO "SignInThrottle" AS t (key, failures, "windowStart", "lockedUntil", "updatedAt")
      SELECT ${keys.account}::text, 1, ${now}, NULL, ${now}
      WHERE ${keys.account}::text IS NOT NULL AND (${keys.ip}::text IS NULL OR EXISTS (SELECT 1 FROM ip))
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t."updatedAt" < ${quietSince} THEN 1 ELSE t.failures + 1 END,
        "windowStart" = CASE WHEN t."updatedAt" < ${quietSince} THEN ${now} ELSE t."windowStart" END,
        "lockedUntil" = CASE WHEN t."updatedAt" >= ${quietSince} AND t.failures + 1 > ${account.free}
          THEN GREATEST(t."lockedUntil", ${now}::timestamp + LEAST(${account.baseMs}::float8 * power(2, t.failures - ${account.free}), ${account.capMs}) * interval '1 millisecond') END,
        "updatedAt" = ${now}
      WHERE t."lockedUntil" IS NULL OR t."lockedUntil" <= ${now} OR COALESCE((SELECT clean FROM ip), false)
      RETURNING key
    )
    SELECT (${keys.ip}::text IS NULL OR EXISTS (SELECT 1 FROM ip)) AND (${keys.account}::text IS NULL OR EXISTS (SELECT 1 FROM account)) AS allowed,
           (SELECT max("lockedUntil") FROM "SignInThrottle" WHERE key IN (${keys.ip}::text, ${keys.account}::text)) AS "lockedUntil"`;
  if (row?.allowed) return { allowed: true };
  const waitMs = row?.lockedUntil ? row.lockedUntil.getTime() - now.getTime() : 0;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * After a successful sign-in: the account's bucket is cleared, and the address gets back the
 * attempt charged in advance (its earlier failures stand; its lock lifts only if they allow it).
 */
export async function refundSignInAttempt(db: Db, keys: TThrottleKeys): Promise<void> {
  await db.$executeRaw`
    WITH cleared AS (DELETE FROM "SignInThrottle" WHERE key = ${keys.account}::text)
    UPDATE "SignInThrottle"
    SET failures = GREATEST(failures - 1, 0),
        "lockedUntil" = CASE WHEN failures - 1 > ${THROTTLE_POLICY.ip.free} THEN "lockedUntil" END
    WHERE key = ${keys.ip}::text`;
}
