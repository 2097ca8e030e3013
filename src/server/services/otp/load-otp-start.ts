import type { Channel } from "@/generated/prisma/enums";
import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";
import { OTP_DEFAULTS, type TOtpSettings } from "@/server/domain/otp";
import { PREFIX_BASELINE_HOURS, type TPrefixVolume } from "@/server/services/otp/guard-otp-fraud";

const HOUR_MS = 60 * 60_000;

/** The pending, unexpired challenge for (lab, recipient, purpose): what a resend needs of it. */
export type TPendingChallenge = {
  id: string;
  codeSealed: string;
  sends: number;
  maxSends: number;
  checks: number;
  maxChecks: number;
  lastSentAt: Date | null;
  resendCooldownSeconds: number;
  channelIndex: number;
  channels: Channel[];
  language: string | null;
  expiresAt: Date;
  fallbackAfterSeconds: number;
};

export type TOtpStartState = {
  settings: TOtpSettings;
  pending: TPendingChallenge | undefined;
  /** For a phone: the prefix's block in force, or its volume for the spike rule. */
  prefix: TPrefixVolume | null;
};

type TPendingJson = Omit<TPendingChallenge, "lastSentAt" | "expiresAt"> & { lastSentAt: string | null; expiresAt: string };

type TRow = Partial<TOtpSettings> & {
  settingsFound: boolean;
  pending: TPendingJson | null;
  blockUntil: Date | null;
  blockVolume: number | null;
  blockBaseline: number | null;
  recent: bigint;
  earlier: bigint;
};

type TFindPending = { labId: string; to: string; purpose: string; now: Date };

/** The pending, unexpired challenge for (lab, recipient, purpose), newest first. */
function pendingSql({ labId, to, purpose, now }: TFindPending): Prisma.Sql {
  return Prisma.sql`
    SELECT id, "codeSealed", sends, "maxSends", checks, "maxChecks", "lastSentAt", "resendCooldownSeconds", "channelIndex", channels::text[] AS channels,
           language, "expiresAt", "fallbackAfterSeconds"
    FROM "OtpChallenge"
    WHERE "labId" = ${labId} AND "to" = ${to} AND purpose = ${purpose} AND status = 'PENDING' AND "expiresAt" > ${sqlTimestamp(now)}
    ORDER BY "createdAt" DESC LIMIT 1`;
}

/** The pending challenge, read again under the start's lock. */
export async function findPendingChallenge(db: SqlRunner, find: TFindPending): Promise<TPendingChallenge | undefined> {
  const [pending] = await db.$queryRaw<TPendingChallenge[]>(pendingSql(find));
  return pending;
}

/**
 * What a start decides on before it writes, in one statement: the lab's OTP settings (the defaults
 * where it has set none), the pending challenge for (lab, recipient, purpose) and, for a phone, the
 * prefix's block in force and its last hour's and baseline week's volume. Read without a lock: the
 * start reads the pending challenge again under its lock.
 */
export async function loadOtpStartState(db: SqlRunner, { prefix, ...find }: TFindPending & { prefix: string | null }): Promise<TOtpStartState> {
  const { labId, now } = find;
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const weekBefore = new Date(hourAgo.getTime() - PREFIX_BASELINE_HOURS * HOUR_MS);
  const [row] = await db.$queryRaw<TRow[]>`
    SELECT s."labId" IS NOT NULL AS "settingsFound", s.channels::text[] AS channels, s."expiryMinutes", s."codeLength", s."resendCooldownSeconds",
           s."fallbackAfterSeconds", s."startsPerCallerPerMinute", s."startsPerLabPerHour", COALESCE(s.countries, '{}') AS countries, s."allowOtherCountries",
           (SELECT row_to_json(p) FROM (${pendingSql(find)}) p) AS pending,
           b.until AS "blockUntil", b.volume AS "blockVolume", b.baseline AS "blockBaseline", v.recent, v.earlier
    FROM (SELECT 1) AS one
    LEFT JOIN "OtpSettings" s ON s."labId" = ${labId}
    LEFT JOIN LATERAL (
      SELECT until, volume, baseline FROM "OtpPrefixBlock"
      WHERE "labId" = ${labId} AND prefix = ${prefix} AND until > ${sqlTimestamp(now)} ORDER BY until DESC LIMIT 1
    ) b ON true
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE "createdAt" >= ${sqlTimestamp(hourAgo)}) AS recent, count(*) FILTER (WHERE "createdAt" < ${sqlTimestamp(hourAgo)}) AS earlier
      FROM "OtpChallenge"
      WHERE ${prefix}::text IS NOT NULL AND "labId" = ${labId} AND prefix = ${prefix} AND "createdAt" >= ${sqlTimestamp(weekBefore)}
    ) v`;
  const { settingsFound, pending, blockUntil, blockVolume, blockBaseline, recent, earlier, ...settings } = row!;
  return {
    settings: settingsFound ? (settings as TOtpSettings) : { ...OTP_DEFAULTS },
    pending: pending ? { ...pending, lastSentAt: utc(pending.lastSentAt), expiresAt: utc(pending.expiresAt)! } : undefined,
    prefix:
      prefix === null
        ? null
        : { active: blockUntil ? { until: blockUntil, volume: blockVolume!, baseline: blockBaseline! } : null, recent: Number(recent), earlier: Number(earlier) },
  };
}

/** JSON carries a timestamp as its UTC wall time, without a zone. */
function utc(text: string | null): Date | null {
  return text === null ? null : new Date(`${text}Z`);
}
