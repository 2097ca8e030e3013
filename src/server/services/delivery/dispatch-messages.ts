import type { Db } from "@/server/db";
import { loadAccountChains, type TChainAccount } from "@/server/services/business-accounts/load-account-chains";
import { accountPreparer, attemptDelivery } from "@/server/services/delivery/attempt-delivery";
import { loadWhatsAppBindings } from "@/server/services/delivery/build-outgoing-message";
import { claimMessages, findInFlight, type TClaimedMessage } from "@/server/services/delivery/claim-messages";
import { PROVIDER_CONCURRENCY, STALE_CLAIM_MS } from "@/server/services/delivery/delivery-settings";
import { triggerDispatchJobs, type TDispatchGroup } from "@/server/services/delivery/enqueue-dispatch";
import { loadExhaustedAccounts } from "@/server/services/delivery/load-exhausted-accounts";
import { mapWithConcurrency } from "@/server/services/delivery/map-with-concurrency";
import { needsFailover, planDispatchOutcome, type TDispatchOutcome } from "@/server/services/delivery/plan-dispatch-outcome";
import { recordDeliveryStatuses, type TDeliveryStatusReport } from "@/server/services/delivery/record-delivery-status";
import { recordDispatchOutcomes } from "@/server/services/delivery/record-dispatch-outcomes";

export type TDispatchMessagesOptions = {
  db: Db;
  messageIds: readonly string[];
  /** Unique per dispatch run: results are written only while this worker holds the claims. */
  workerId: string;
  /** The clock deciding what is due and when retries fall; now by default. */
  now?: Date;
  staleClaimMs?: number;
  /** Queues what comes next (retries, failovers, follow-ups); dispatch jobs by default. */
  schedule?: (groups: TDispatchGroup[]) => Promise<void>;
};

export type TDispatchSummary = {
  claimed: number;
  sent: number;
  retrying: number;
  failedOver: number;
  failed: number;
  skipped: number;
  /** Held by another worker; looked at again once that claim could be stale. */
  inFlightElsewhere: number;
};

/**
 * Sends the due messages among `messageIds`: claim them, re-check the lab's hard stop, pick each
 * one's account, call the adapters (PROVIDER_CONCURRENCY at a time), then write every result and its
 * event in one statement, record the statuses providers reported at once, and queue what comes next
 * (retries when due, failovers now). Messages not due, cancelled or done are left alone.
 */
export async function dispatchMessages(options: TDispatchMessagesOptions): Promise<TDispatchSummary> {
  const { db, messageIds, workerId, now = new Date(), staleClaimMs = STALE_CLAIM_MS, schedule = triggerDispatchJobs } = options;
  const claimed = await claimMessages(db, { messageIds, workerId, now, staleClaimMs });
  const claimedIds = new Set(claimed.map((m) => m.id));
  const inFlight = await findInFlight(db, messageIds.filter((id) => !claimedIds.has(id)));
  const followUps: TDispatchGroup[] = inFlight.map((m) => ({
    labId: m.labId,
    businessAccountId: m.businessAccountId,
    messageIds: [m.id],
    runAt: new Date(m.claimedAt.getTime() + staleClaimMs + 1_000),
  }));
  const summary: TDispatchSummary = { claimed: claimed.length, sent: 0, retrying: 0, failedOver: 0, failed: 0, skipped: 0, inFlightElsewhere: inFlight.length };
  if (claimed.length === 0) {
    await schedule(followUps);
    return summary;
  }

  const [chains, bindings] = await Promise.all([loadAccountChains(db, claimed), loadWhatsAppBindings(db, claimed)]);
  const accounts = await pickAccounts(db, claimed, (m) => chains.chain(m.labId, m.channel));
  const prepareAccount = accountPreparer();
  const attempts = await mapWithConcurrency(claimed, PROVIDER_CONCURRENCY, (message) =>
    attemptDelivery({ message, account: accounts.get(message.id)?.account ?? null, bindings, prepareAccount }),
  );

  const failingOver = claimed.filter((m, i) => {
    const attempt = attempts[i]!;
    return attempt.kind === "error" && needsFailover(attempt.error, effectiveAttempts(m, accounts), attempt.account);
  });
  const exhausted = await loadExhaustedAccounts(db, failingOver.map((m) => m.id));
  const finishedAt = new Date(Math.max(Date.now(), now.getTime() + 1));
  const outcomes = claimed.map((m, i): TDispatchOutcome => {
    const attempt = attempts[i]!;
    const current = attempt.kind === "sent" || attempt.kind === "error" ? attempt.account : null;
    const skip = new Set([...(exhausted.get(m.id) ?? []), ...(current ? [current.id] : [])]);
    const failoverTo = chains.chain(m.labId, m.channel).find((a) => !skip.has(a.id)) ?? null;
    const message = { ...m, attempts: effectiveAttempts(m, accounts) };
    const outcome = planDispatchOutcome({ message, attempt, failoverTo, now: finishedAt });
    // A message moved to another account (its own was deactivated) counts attempts afresh.
    return message.attempts !== m.attempts && outcome.attempts === undefined ? { ...outcome, attempts: message.attempts } : outcome;
  });

  const written = await recordDispatchOutcomes(db, { workerId, at: finishedAt, outcomes });
  const reports: TDeliveryStatusReport[] = [];
  const next: TDispatchGroup[] = [...followUps];
  for (const [i, outcome] of outcomes.entries()) {
    if (!written.has(outcome.messageId)) continue;
    count(summary, outcome);
    const attempt = attempts[i]!;
    if (attempt.kind === "sent") {
      for (const callback of attempt.result.callbacks ?? []) reports.push({ businessAccountId: attempt.account.id, ...callback });
    }
    if (outcome.status === "QUEUED") {
      next.push({ labId: outcome.labId, businessAccountId: outcome.businessAccountId, messageIds: [outcome.messageId], runAt: outcome.nextAttemptAt });
    }
  }
  // The provider's own callbacks arrive as its webhook would deliver them.
  await recordDeliveryStatuses({ db, reports, source: "webhook", now: new Date(finishedAt.getTime() + 1) });
  await schedule(mergeGroups(next));
  return summary;
}

type TPicked = { account: TChainAccount | null; attempts: number };

/**
 * Each message's account: the one it is on while that is still active, else the first of its chain
 * it has not failed over from (starting that account's attempts at 1).
 */
async function pickAccounts(db: Db, claimed: readonly TClaimedMessage[], chainOf: (m: TClaimedMessage) => TChainAccount[]) {
  const picked = new Map<string, TPicked>();
  const lost = claimed.filter((m) => m.businessAccountId && !chainOf(m).some((a) => a.id === m.businessAccountId));
  const exhausted = await loadExhaustedAccounts(db, lost.map((m) => m.id));
  for (const m of claimed) {
    const chain = chainOf(m);
    const current = chain.find((a) => a.id === m.businessAccountId);
    if (current) picked.set(m.id, { account: current, attempts: m.attempts });
    else {
      const skip = exhausted.get(m.id) ?? new Set<string>();
      picked.set(m.id, { account: chain.find((a) => !skip.has(a.id)) ?? null, attempts: m.businessAccountId ? 1 : m.attempts });
    }
  }
  return picked;
}

function effectiveAttempts(m: TClaimedMessage, picked: ReadonlyMap<string, TPicked>): number {
  return picked.get(m.id)?.attempts ?? m.attempts;
}

/** One job per lab and account: retries go at the latest due time among them, when all are due. */
function mergeGroups(groups: readonly TDispatchGroup[]): TDispatchGroup[] {
  const merged = new Map<string, TDispatchGroup>();
  for (const group of groups) {
    const key = `${group.labId}|${group.businessAccountId}|${group.runAt ? "later" : "now"}`;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...group, messageIds: [...group.messageIds] });
    else {
      existing.messageIds.push(...group.messageIds);
      if (group.runAt && existing.runAt && group.runAt > existing.runAt) existing.runAt = group.runAt;
    }
  }
  return [...merged.values()];
}

function count(summary: TDispatchSummary, outcome: TDispatchOutcome): void {
  if (outcome.status === "SENT") summary.sent += 1;
  else if (outcome.status === "FAILED") summary.failed += 1;
  else if (outcome.status === "SKIPPED") summary.skipped += 1;
  else if (outcome.event.type === "failover") summary.failedOver += 1;
  else summary.retrying += 1;
}
