import type { SqlRunner } from "@/server/db/sql-runner";
import type { TChainAccount } from "@/server/services/business-accounts/load-account-chains";
import type { TPreparedAttempt } from "@/server/services/delivery/attempt-delivery";
import type { TDispatchGroup } from "@/server/services/delivery/enqueue-dispatch";
import { PACE_HORIZON_MS, reserveSendSlots } from "@/server/services/delivery/pace-accounts";

type TCall = Extract<TPreparedAttempt, { kind: "call" }>;

export type TPacedCallUnits = {
  /** Units to call, in slot order, each not before its slot. */
  ready: { unit: TCall[]; atMs: number }[];
  /**
   * Units the account's rate has no slot for within the horizon, or whose account a 429 holds beyond
   * it: back to the queue until `atMs`. `ratePerSecond` is null for an account without a rate.
   */
  deferred: { unit: TCall[]; atMs: number; ratePerSecond: number | null }[];
  /** The accounts whose sends are paced (where a 429 slows the pace down). */
  pacedAccounts: Set<string>;
};

/** An account's send rate: its own setting, else its provider's documented limit, else none. */
export function sendRateOf(account: TChainAccount, call: TCall): number | null {
  return account.sendRatePerSecond ?? call.ready.adapter.defaultRatePerSecond ?? null;
}

/**
 * Gives each provider call unit (one request) its slot in its account's send rate: one reservation
 * per paced account per batch. Accounts without a rate go at once, unless a 429 holds them (one read
 * for all of them): then not before the provider's Retry-After, in every worker.
 */
export async function paceCallUnits(sql: SqlRunner, units: readonly TCall[][], nowMs: number): Promise<TPacedCallUnits> {
  const byAccount = new Map<string, TCall[][]>();
  const unpaced: TCall[][] = [];
  const paced: TPacedCallUnits = { ready: [], deferred: [], pacedAccounts: new Set() };
  for (const unit of units) {
    const first = unit[0]!;
    if (sendRateOf(first.account, first) === null) unpaced.push(unit);
    else byAccount.set(first.account.id, [...(byAccount.get(first.account.id) ?? []), unit]);
  }
  const held = await heldAccounts(sql, [...new Set(unpaced.map((unit) => unit[0]!.account.id))], nowMs);
  for (const unit of unpaced) {
    const untilMs = held.get(unit[0]!.account.id);
    if (untilMs === undefined) paced.ready.push({ unit, atMs: nowMs });
    else if (untilMs <= nowMs + PACE_HORIZON_MS) paced.ready.push({ unit, atMs: untilMs });
    else paced.deferred.push({ unit, atMs: windowStart(untilMs, nowMs), ratePerSecond: null });
  }
  await Promise.all(
    [...byAccount.entries()].map(async ([businessAccountId, accountUnits]) => {
      const first = accountUnits[0]![0]!;
      const ratePerSecond = sendRateOf(first.account, first)!;
      paced.pacedAccounts.add(businessAccountId);
      const slots = await reserveSendSlots(sql, { businessAccountId, ratePerSecond, requests: accountUnits.length, nowMs });
      accountUnits.forEach((unit, i) => {
        if (i < slots.slotsMs.length) paced.ready.push({ unit, atMs: slots.slotsMs[i]! });
        else paced.deferred.push({ unit, atMs: windowStart(slots.nextFreeMs + (i - slots.slotsMs.length) * slots.stepMs, nowMs), ratePerSecond });
      });
    }),
  );
  paced.ready.sort((a, b) => a.atMs - b.atMs);
  return paced;
}

/** The accounts among `ids` that a 429 holds past `nowMs`, with when each may send again. */
async function heldAccounts(sql: SqlRunner, ids: string[], nowMs: number): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.$queryRaw<{ id: string; untilMs: number }[]>`
    SELECT "businessAccountId" AS id, "nextSlotMs" AS "untilMs" FROM "AccountPace"
    WHERE "businessAccountId" = ANY(${ids}::text[]) AND "nextSlotMs" > ${nowMs}::float8`;
  return new Map(rows.map((r) => [r.id, r.untilMs]));
}

/**
 * A put-back message is due at the start of the horizon-long window its slot falls in: the job for
 * that window (pacedGroups) then finds every message of the window due, and reserves their slots anew.
 */
function windowStart(slotMs: number, nowMs: number): number {
  return Math.max(nowMs, Math.floor(slotMs / PACE_HORIZON_MS) * PACE_HORIZON_MS);
}

/**
 * Jobs for messages put back by their account's pace: one per lab, account and horizon-long window,
 * due at the window's first slot, so a long queue is woken a window at a time.
 */
export function pacedGroups(groups: readonly (TDispatchGroup & { runAt: Date })[]): TDispatchGroup[] {
  const windows = new Map<string, TDispatchGroup & { runAt: Date }>();
  for (const group of groups) {
    const key = `${group.labId}|${group.businessAccountId}|${Math.floor(group.runAt.getTime() / PACE_HORIZON_MS)}`;
    const window = windows.get(key);
    if (!window) windows.set(key, { ...group, messageIds: [...group.messageIds] });
    else {
      window.messageIds.push(...group.messageIds);
      if (group.runAt < window.runAt) window.runAt = group.runAt;
    }
  }
  return [...windows.values()];
}
