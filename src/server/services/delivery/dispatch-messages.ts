import { sqlOf, type Db } from "@/server/db";
import { nextAllowedSendTime } from "@/server/domain/quiet-hours";
import { loadAccountChains, type TChainAccount } from "@/server/services/business-accounts/load-account-chains";
import { accountBreakers } from "@/server/services/delivery/account-breaker";
import { accountPreparer, callProvider, callProviderBatch, prepareAttempt, resendIsSafe, type TPreparedAttempt } from "@/server/services/delivery/attempt-delivery";
import { loadWhatsAppBindings } from "@/server/services/delivery/build-outgoing-message";
import { claimMessages, findInFlight, type TClaimedMessage } from "@/server/services/delivery/claim-messages";
import { DISPATCH_BATCH_SIZE, PROVIDER_CONCURRENCY, STALE_CLAIM_MS } from "@/server/services/delivery/delivery-settings";
import { triggerDispatchJobs, type TDispatchGroup } from "@/server/services/delivery/enqueue-dispatch";
import { loadExhaustedAccounts } from "@/server/services/delivery/load-exhausted-accounts";
import { slowDownAccount } from "@/server/services/delivery/pace-accounts";
import { paceCallUnits, pacedGroups } from "@/server/services/delivery/pace-call-units";
import { createOutcomeWriter } from "@/server/services/delivery/outcome-writer";
import { needsFailover, planDispatchOutcome, type TAttemptResult, type TDispatchOutcome } from "@/server/services/delivery/plan-dispatch-outcome";
import { recordDeliveryStatuses, type TDeliveryStatusReport } from "@/server/services/delivery/record-delivery-status";
import { suppressRefusedRecipients, type TRefusedRecipient } from "@/server/services/delivery/suppress-refused-recipients";
import { withSealedContent } from "@/server/services/otp/sealed-content";

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
  /** Aborts provider calls in flight (shutdown); they count as timeouts: an unknown outcome (see callProvider). */
  signal?: AbortSignal;
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

type TCall = Extract<TPreparedAttempt, { kind: "call" }>;

/**
 * Sends the due messages among `messageIds`: claim them (reading the lab's hard stop and the
 * patient's consent, preferences and suppressions as they are now), pick each one's account, call
 * the adapters (PROVIDER_CONCURRENCY calls at a time, or one batch call per account where the
 * provider has a batch endpoint), writing each outcome before that slot's next call, then record
 * the statuses providers reported at once and queue what comes next (retries when due, failovers now).
 * Messages not due, cancelled or done are left alone.
 */
export async function dispatchMessages(options: TDispatchMessagesOptions): Promise<TDispatchSummary> {
  const { db, messageIds, workerId, now = new Date(), staleClaimMs = STALE_CLAIM_MS, schedule = triggerDispatchJobs, signal } = options;
  const claimed = await withSealedContent(db, await claimMessages(sqlOf(db), { messageIds, workerId, now, staleClaimMs }));
  const claimedIds = new Set(claimed.map((m) => m.id));
  const inFlight = await findInFlight(db, messageIds.filter((id) => !claimedIds.has(id)));
  const next: TDispatchGroup[] = inFlight.map((m) => ({
    labId: m.labId,
    businessAccountId: m.businessAccountId,
    messageIds: [m.id],
    runAt: new Date(m.claimedAt.getTime() + staleClaimMs + 1_000),
  }));
  const summary: TDispatchSummary = { claimed: claimed.length, sent: 0, retrying: 0, failedOver: 0, failed: 0, skipped: 0, inFlightElsewhere: inFlight.length };
  if (claimed.length === 0) {
    await schedule(next);
    return summary;
  }

  const [chains, bindings] = await Promise.all([loadAccountChains(db, claimed), loadWhatsAppBindings(db, claimed)]);
  const chainOf = (m: TClaimedMessage) => chains.chain(m.labId, m.channel);
  const picked = await pickAccounts(db, claimed, chainOf);
  const prepareAccount = accountPreparer();
  const prepared = await Promise.all(claimed.map((message) => prepareAttempt({ message, account: picked.get(message.id)?.account ?? null, bindings, prepareAccount })));

  // A message's timestamps never go backwards, even when the caller's clock is behind.
  const clock = () => new Date(Math.max(Date.now(), now.getTime() + 1));
  const writer = createOutcomeWriter(db, workerId, clock);
  const reports: TDeliveryStatusReport[] = [];
  const pacedNext: (TDispatchGroup & { runAt: Date })[] = [];
  const refused: TRefusedRecipient[] = [];

  function recorded(message: TClaimedMessage, attempt: TAttemptResult, outcome: TDispatchOutcome): void {
    count(summary, outcome);
    if (attempt.kind === "sent") {
      for (const callback of attempt.result.callbacks ?? []) reports.push({ businessAccountId: attempt.account.id, ...callback });
    }
    if (attempt.kind === "error" && attempt.error.suppress && message.to) {
      refused.push({ labId: message.labId, channel: message.channel, contactId: message.contactId, address: message.to, reason: attempt.error.suppress, provider: attempt.account?.provider ?? null, messageId: message.id });
    }
    if (outcome.status !== "QUEUED") return;
    const group = { labId: outcome.labId, businessAccountId: outcome.businessAccountId, messageIds: [outcome.messageId] };
    if (attempt.kind === "paced") pacedNext.push({ ...group, runAt: attempt.at });
    else next.push({ ...group, runAt: outcome.nextAttemptAt });
  }

  async function finish(message: TClaimedMessage, attempt: TAttemptResult): Promise<void> {
    const outcome = await planFor(db, message, attempt, picked, chainOf, clock());
    if (await writer.write(outcome)) recorded(message, attempt, outcome);
  }

  // Outcomes through a provider that dedupes by message id can wait for the batch's end: if this
  // worker dies first, sending again returns the first acceptance. The others are written as each
  // call returns, and each call is marked as it begins, so a crash leaves at most the calls in
  // flight uncertain.
  const deferred: { message: TClaimedMessage; attempt: TAttemptResult; outcome: TDispatchOutcome }[] = [];
  async function finishAfterCall(call: TCall, attempt: TAttemptResult): Promise<void> {
    if (!resendIsSafe(call.ready.adapter)) return finish(call.message, attempt);
    deferred.push({ message: call.message, attempt, outcome: await planFor(db, call.message, attempt, picked, chainOf, clock()) });
  }

  // Outcomes known without a provider call are written together, with the calls the accounts' send
  // rates put back in the queue; then the calls, each at its slot, each slot waiting for its
  // outcome's write before its next call.
  const sql = sqlOf(db);
  const calls = prepared.filter((p): p is TCall => p.kind === "call");
  // An account whose breaker is open is not called: its messages go to the next account at once.
  const breakers = await accountBreakers(sql, calls.map((c) => c.account.id), () => clock().getTime());
  const admitted = breakers.admit(calls);
  const paced = await paceCallUnits(sql, callUnits(admitted.allowed), clock().getTime());
  await Promise.all([
    ...prepared.flatMap((p) => (p.kind === "done" ? [finish(p.message, p.result)] : [])),
    ...admitted.refused.map(({ call, until }) => finish(call.message, { kind: "circuit_open", account: call.account, until })),
    ...paced.deferred.flatMap(({ unit, atMs, ratePerSecond }) =>
      unit.map((call) => finish(call.message, { kind: "paced", account: call.account, at: new Date(atMs), ratePerSecond })),
    ),
  ]);
  const throttled = new Map<string, number>();
  // One listener for the whole batch, however many slots wait on it.
  const stopped = signal ? new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true }))) : null;
  // Each slot's outcome writes go in the same statement as the mark of its next call: the call still
  // begins only once the last one's outcome is durable, for one round trip between calls instead of two.
  let nextUnit = 0;
  async function slot(): Promise<void> {
    let writing: Promise<void>[] = [];
    for (let index = nextUnit++; index < paced.ready.length; index = nextUnit++) {
      const { unit, atMs } = paced.ready[index]!;
      if (atMs > clock().getTime()) {
        await Promise.all(writing);
        writing = [];
        await waitUntil(atMs - clock().getTime(), stopped);
      }
      if (signal?.aborted) {
        // Shutting down: calls not yet begun go back to the queue instead of waiting out a stale claim.
        const error = { kind: "retryable", scope: "account", code: "shutdown", message: "the worker stopped before calling the provider" } as const;
        writing.push(...unit.map((call) => finish(call.message, { kind: "error", account: call.account, error })));
        continue;
      }
      const tripped = breakers.openedHere(unit[0]!.account.id);
      if (tripped) {
        writing.push(...unit.map((call) => finish(call.message, { kind: "circuit_open", account: call.account, until: tripped })));
        continue;
      }
      const uncertain = unit.filter((call) => !resendIsSafe(call.ready.adapter));
      await Promise.all([...writing, ...(uncertain.length > 0 ? [writer.markCalling(uncertain.map((call) => call.message.id))] : [])]);
      const results = unit.length > 1 ? await callProviderBatch(unit, signal) : [await callProvider(unit[0]!, signal)];
      // The sandbox runs in process: its simulated failures belong to the numbers that ask for them, not to an account.
      if (unit[0]!.account.provider !== "sandbox") breakers.observe(unit[0]!.account.id, results);
      for (const result of results) {
        if (result.kind === "error" && result.error.code === "rate_limited" && result.account) {
          throttled.set(result.account.id, Math.max(throttled.get(result.account.id) ?? 0, result.error.retryAfterMs ?? 0));
        }
      }
      writing = unit.map((call, i) => finishAfterCall(call, results[i]!));
    }
    await Promise.all(writing);
  }
  await Promise.all(Array.from({ length: Math.min(PROVIDER_CONCURRENCY, paced.ready.length) }, slot));
  // A 429 slows the account's pace for every worker, not just this batch's retries; an account without
  // a rate is held until the provider's Retry-After.
  await Promise.all([
    ...[...throttled].map(([businessAccountId, retryAfterMs]) => slowDownAccount(sql, { businessAccountId, retryAfterMs, nowMs: Date.now() })),
    breakers.record(),
  ]);
  const written = await Promise.all(deferred.map((d) => writer.write(d.outcome)));
  deferred.forEach((d, i) => written[i] && recorded(d.message, d.attempt, d.outcome));

  await suppressRefusedRecipients(db, refused);
  // The provider's own callbacks arrive as its webhook would deliver them.
  await recordDeliveryStatuses({ db: sql, reports, source: "webhook", now: new Date(clock().getTime() + 1) });
  await schedule([...mergeGroups(next), ...pacedGroups(pacedNext)]);
  return summary;
}

/** Resolves after `delay` ms (a slot's distance on the dispatch's clock), or as soon as `stopped` does. */
function waitUntil(delay: number, stopped: Promise<void> | null): Promise<void> {
  if (delay <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, delay);
    void stopped?.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** One provider call each, except several messages for one account whose adapter sends batches. */
function callUnits(calls: TCall[]): TCall[][] {
  const units: TCall[][] = [];
  const batches = new Map<string, TCall[]>();
  for (const call of calls) {
    if (!call.ready.adapter.sendBatch) {
      units.push([call]);
      continue;
    }
    const batch = batches.get(call.account.id) ?? [];
    batch.push(call);
    batches.set(call.account.id, batch);
  }
  for (const batch of batches.values()) {
    for (let start = 0; start < batch.length; start += DISPATCH_BATCH_SIZE) units.push(batch.slice(start, start + DISPATCH_BATCH_SIZE));
  }
  return units;
}

type TPicked = { account: TChainAccount | null; attempts: number };

/**
 * Each message's account: the one it is on while that is still active, else the first of its chain
 * it has not failed over from (starting that account's attempts at 1). The pick is deterministic, so
 * a message reclaimed after a crash is looked at with the account its lost call most likely used.
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

/** The outcome of one attempt: its failover target read from the timeline only when it needs one. */
async function planFor(
  db: Db,
  m: TClaimedMessage,
  attempt: TAttemptResult,
  picked: ReadonlyMap<string, TPicked>,
  chainOf: (m: TClaimedMessage) => TChainAccount[],
  now: Date,
): Promise<TDispatchOutcome> {
  // Only the fields the plan reads: a copy of the whole claimed row per message was work for nothing.
  const message = { id: m.id, labId: m.labId, attempts: picked.get(m.id)?.attempts ?? m.attempts, businessAccountId: m.businessAccountId };
  let failoverTo: TChainAccount | null = null;
  if (attempt.kind === "circuit_open" || (attempt.kind === "error" && needsFailover(attempt.error, message.attempts, attempt.account))) {
    const exhausted = (await loadExhaustedAccounts(db, [m.id])).get(m.id) ?? new Set<string>();
    if (attempt.account) exhausted.add(attempt.account.id);
    failoverTo = chainOf(m).find((a) => !exhausted.has(a.id)) ?? null;
  }
  const notBefore = (at: Date) => nextAllowedSendTime({ now: at, critical: m.critical, timezone: m.timezone, quietHoursStart: m.quietHoursStart, quietHoursEnd: m.quietHoursEnd });
  const outcome = planDispatchOutcome({ message, attempt, failoverTo, now, notBefore });
  // A message moved to another account (its own was deactivated) counts attempts afresh.
  return message.attempts !== m.attempts && outcome.attempts === undefined ? { ...outcome, attempts: message.attempts } : outcome;
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
