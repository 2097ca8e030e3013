import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TClassifiedError } from "@/server/providers/types";
import type { TAttemptResult } from "@/server/services/delivery/plan-dispatch-outcome";

/** Failed calls in a row that open an account's breaker... */
export const BREAKER_FAILURES = 5;
/** ...when they all came within this long of the first of them. */
export const BREAKER_WINDOW_MS = 60_000;
/** How long an open breaker sends the account's messages elsewhere before one probe call is let through. */
export const BREAKER_COOL_DOWN_MS = 30_000;
/** A probe call's hold on the half-open account: longer than a provider call may take. */
export const BREAKER_PROBE_MS = 20_000;
/** While another worker's probe is out, a message with no other account looks again this much later. */
const PROBE_RECHECK_MS = 5_000;

export type TBreakerState = "closed" | "open" | "half_open";

/** One account's breaker as a reader sees it at `nowMs`. */
export type TBreakerView = {
  state: TBreakerState;
  /** Failed calls in a row so far. */
  failures: number;
  lastCode: string | null;
  openedAt: Date | null;
  /** The end of the cool-down: the next probe goes then. */
  openUntil: Date | null;
};

type TBreakerRow = { id: string; failures: number; firstFailureAtMs: number; lastCode: string | null; openedAtMs: number | null; openUntilMs: number | null; probeUntilMs: number | null };

export function breakerView(row: Omit<TBreakerRow, "id" | "firstFailureAtMs" | "probeUntilMs"> | null, nowMs: number): TBreakerView {
  if (!row) return { state: "closed", failures: 0, lastCode: null, openedAt: null, openUntil: null };
  const state: TBreakerState = row.openUntilMs === null ? "closed" : row.openUntilMs > nowMs ? "open" : "half_open";
  return {
    state,
    failures: row.failures,
    lastCode: row.lastCode,
    openedAt: row.openedAtMs === null ? null : new Date(row.openedAtMs),
    openUntil: row.openUntilMs === null ? null : new Date(row.openUntilMs),
  };
}

/** The breakers of `accountIds` (closed for those without a row), read for the accounts page. */
export async function loadBreakerViews(sql: SqlRunner, accountIds: readonly string[], nowMs: number): Promise<Map<string, TBreakerView>> {
  const rows = accountIds.length === 0 ? [] : await sql.$queryRaw<TBreakerRow[]>`
    SELECT "businessAccountId" AS id, failures, "firstFailureAtMs", "lastCode", "openedAtMs", "openUntilMs", "probeUntilMs"
    FROM "AccountBreaker" WHERE "businessAccountId" = ANY(${[...accountIds]}::text[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return new Map(accountIds.map((id) => [id, breakerView(byId.get(id) ?? null, nowMs)]));
}

/**
 * What a call's outcome says about its account: it failed (the provider is down, unreachable, or
 * refuses the account), it answered (sent, or refused this message or recipient: the account works),
 * or nothing (a 429 belongs to the account's pace; a shutdown is Herald's own).
 */
export function callVerdict(result: TAttemptResult): "failed" | "answered" | null {
  if (result.kind === "sent") return "answered";
  if (result.kind !== "error") return null;
  return accountFailure(result.error) ? "failed" : result.error.code === "rate_limited" || result.error.code === "shutdown" ? null : "answered";
}

function accountFailure(error: TClassifiedError): boolean {
  return error.scope === "account" && error.code !== "rate_limited" && error.code !== "shutdown";
}

/** The error a message meets when its account's breaker is open: failover where the chain has another account, else a retry once it may probe. */
export function circuitOpenError(until: Date, now: Date, canFailOver: boolean): TClassifiedError {
  return {
    kind: canFailOver ? "permanent" : "retryable",
    scope: "account",
    code: "circuit_open",
    message: `the account's recent calls all failed, so it is not called until ${until.toISOString()}`,
    retryAfterMs: Math.max(0, until.getTime() - now.getTime()),
  };
}

type TCallLike = { account: { id: string } };

export type TAccountBreakers = {
  /**
   * Splits a batch's calls: those that may go, and those whose account is open (or half-open with
   * another worker's probe out), each with when it may be tried again. A half-open account lets
   * through the one call whose probe this batch won.
   */
  admit<T extends TCallLike>(calls: readonly T[]): { allowed: T[]; refused: { call: T; until: Date }[] };
  /** Until when the account is refused because this batch's own calls just opened it; null while it may go. */
  openedHere(accountId: string): Date | null;
  /** Counts one provider call's outcome (one result per message of a batch call). */
  observe(accountId: string, results: readonly TAttemptResult[]): void;
  /** Writes what the batch's calls showed, for every worker: one statement, none for healthy accounts. */
  record(): Promise<void>;
};

/**
 * The breakers of one dispatch batch's accounts: read (and a half-open account's probe claimed) in
 * one statement before the calls, counted in memory while they run, written in one statement after.
 * `clock` is the dispatch's (epoch ms), so a breaker's cool-down runs on the clock that decides what is due.
 */
export async function accountBreakers(sql: SqlRunner, accountIds: readonly string[], clock: () => number): Promise<TAccountBreakers> {
  const ids = [...new Set(accountIds)];
  const nowMs = clock();
  const rows = ids.length === 0 ? [] : await sql.$queryRaw<(TBreakerRow & { probe: boolean })[]>`
    WITH probe AS (
      UPDATE "AccountBreaker" SET "probeUntilMs" = ${nowMs + BREAKER_PROBE_MS}::float8
      WHERE "businessAccountId" = ANY(${ids}::text[]) AND "openUntilMs" <= ${nowMs}::float8 AND ("probeUntilMs" IS NULL OR "probeUntilMs" <= ${nowMs}::float8)
      RETURNING "businessAccountId"
    )
    SELECT b."businessAccountId" AS id, b.failures, b."firstFailureAtMs", b."lastCode", b."openedAtMs", b."openUntilMs", b."probeUntilMs",
      EXISTS (SELECT 1 FROM probe p WHERE p."businessAccountId" = b."businessAccountId") AS probe
    FROM "AccountBreaker" b WHERE b."businessAccountId" = ANY(${ids}::text[])`;
  const known = new Map(rows.map((r) => [r.id, r]));
  /** Per account: calls answered and failed in this batch, failures in a row at its end, and whether it held the probe. */
  const seen = new Map<string, { answered: number; failed: number; inRow: number; lastCode: string | null; probe: boolean }>();
  const tally = (id: string) => seen.get(id) ?? seen.set(id, { answered: 0, failed: 0, inRow: 0, lastCode: null, probe: false }).get(id)!;
  const trippedUntil = new Map<string, Date>();

  return {
    admit(calls) {
      const allowed: (typeof calls)[number][] = [];
      const refused: { call: (typeof calls)[number]; until: Date }[] = [];
      const probing = new Set<string>();
      for (const call of calls) {
        const row = known.get(call.account.id);
        if (!row || row.openUntilMs === null) allowed.push(call);
        else if (row.openUntilMs > nowMs) refused.push({ call, until: new Date(row.openUntilMs) });
        else if (row.probe && !probing.has(call.account.id)) {
          probing.add(call.account.id);
          tally(call.account.id).probe = true;
          allowed.push(call);
        } else refused.push({ call, until: new Date(nowMs + PROBE_RECHECK_MS) });
      }
      return { allowed, refused };
    },
    openedHere(accountId) {
      return trippedUntil.get(accountId) ?? null;
    },
    observe(accountId, results) {
      const verdicts = results.map(callVerdict);
      const t = tally(accountId);
      if (verdicts.includes("answered")) {
        t.answered += 1;
        t.inRow = 0;
      } else if (verdicts.includes("failed")) {
        t.failed += 1;
        t.inRow += 1;
        const failure = results.find((r) => r.kind === "error");
        if (failure?.kind === "error") t.lastCode = failure.error.code;
        const row = known.get(accountId);
        // Its calls still to go in this batch go elsewhere once the failures in a row reach the mark.
        const before = row && row.openUntilMs === null && clock() - row.firstFailureAtMs <= BREAKER_WINDOW_MS ? row.failures : 0;
        if (t.answered === 0 && before + t.inRow >= BREAKER_FAILURES && !trippedUntil.has(accountId)) trippedUntil.set(accountId, new Date(clock() + BREAKER_COOL_DOWN_MS));
      }
    },
    async record() {
      // Nothing to write for an account whose calls all went through and that had no failure to forget.
      const dirty = (id: string) => { const row = known.get(id); return row !== undefined && (row.failures > 0 || row.openUntilMs !== null); };
      const changes = [...seen.entries()].filter(([id, t]) => t.failed > 0 || t.probe || (t.answered > 0 && dirty(id)));
      if (changes.length === 0) return;
      const missing = changes.filter(([id]) => !known.has(id)).map(([id]) => id);
      await writeBreakers(sql, changes.map(([id, t]) => ({ id, answered: t.answered > 0, failed: t.answered > 0 ? t.inRow : t.failed, probe: t.probe, lastCode: t.lastCode })), missing, clock());
    },
  };
}

type TBreakerChange = { id: string; answered: boolean; failed: number; probe: boolean; lastCode: string | null };

/**
 * Applies a batch's outcomes to the accounts' breakers, in one statement under their rows' locks, so
 * every worker counts into the same row (the first failure ever of an account makes its row first).
 * A call that answered closes the breaker and forgets the failures (those after the batch's last
 * answer start a new run); failures add to the run, or start a new one when the run is older than
 * the window; the run reaching BREAKER_FAILURES opens it for BREAKER_COOL_DOWN_MS, and so does a
 * failed probe. An opening or a closing goes to the audit log of the account's lab, once: written by
 * the dispatch whose statement made it.
 */
async function writeBreakers(sql: SqlRunner, changes: TBreakerChange[], missing: string[], nowMs: number): Promise<void> {
  if (missing.length > 0) await sql.$executeRaw`INSERT INTO "AccountBreaker" ("businessAccountId") SELECT unnest(${missing}::text[]) ON CONFLICT DO NOTHING`;
  const token = randomUUID();
  const now = Prisma.sql`${nowMs}::float8`;
  const col = <T>(pick: (c: TBreakerChange) => T) => changes.map(pick);
  // The run of failures the batch's own add to: none when it is over or older than the window.
  const run = Prisma.sql`(CASE WHEN b.failures = 0 OR ${now} - b."firstFailureAtMs" > ${BREAKER_WINDOW_MS} THEN 0 ELSE b.failures END)`;
  const opens = Prisma.sql`(NOT v.answered AND b."openUntilMs" IS NULL AND ${run} + v.failed >= ${BREAKER_FAILURES})`;
  const closes = Prisma.sql`(v.answered AND b."openUntilMs" IS NOT NULL)`;
  await sql.$executeRaw`
    WITH v AS (
      SELECT * FROM unnest(${col((c) => c.id)}::text[], ${col((c) => c.answered)}::bool[], ${col((c) => c.failed)}::int[], ${col((c) => c.probe)}::bool[], ${col((c) => c.lastCode)}::text[])
        AS v(id, answered, failed, probe, code)
    ),
    written AS (
      UPDATE "AccountBreaker" AS b SET
        failures = CASE WHEN v.answered THEN v.failed ELSE ${run} + v.failed END,
        "firstFailureAtMs" = CASE WHEN v.failed > 0 AND (v.answered OR ${run} = 0) THEN ${now} WHEN v.answered THEN 0 ELSE b."firstFailureAtMs" END,
        "lastCode" = COALESCE(v.code, b."lastCode"),
        "openUntilMs" = CASE WHEN v.answered THEN NULL WHEN (v.probe AND v.failed > 0) OR ${opens} THEN ${now} + ${BREAKER_COOL_DOWN_MS} ELSE b."openUntilMs" END,
        "openedAtMs" = CASE WHEN v.answered THEN NULL WHEN ${opens} THEN ${now} ELSE b."openedAtMs" END,
        "probeUntilMs" = CASE WHEN v.probe THEN NULL ELSE b."probeUntilMs" END,
        "changedBy" = CASE WHEN ${opens} OR ${closes} THEN ${token} ELSE b."changedBy" END
      FROM v WHERE b."businessAccountId" = v.id
      RETURNING b."businessAccountId" AS id, b."changedBy" = ${token} AS changed, b."openUntilMs" AS until_ms, b.failures, b."lastCode" AS code
    )
    INSERT INTO "AuditLog" (id, "actorType", "actorId", "labId", "organizationId", action, "targetType", "targetId", diff, "createdAt")
    SELECT gen_random_uuid()::text, 'system', NULL, a."labId", l."organizationId",
      CASE WHEN w.until_ms IS NULL THEN 'businessAccount.circuitClose' ELSE 'businessAccount.circuitOpen' END, 'businessAccount', w.id,
      CASE WHEN w.until_ms IS NULL THEN jsonb_build_object('state', jsonb_build_object('from', 'open', 'to', 'closed'))
           ELSE jsonb_build_object('state', jsonb_build_object('from', 'closed', 'to', 'open'), 'failures', w.failures, 'code', w.code,
                                   'until', to_char(to_timestamp(w.until_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END,
      now() AT TIME ZONE 'UTC'
    FROM written w JOIN "BusinessAccount" a ON a.id = w.id LEFT JOIN "Lab" l ON l.id = a."labId"
    WHERE w.changed`;
}
