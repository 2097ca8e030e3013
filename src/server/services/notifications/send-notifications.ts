import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import type { TItemOutcome, TSendItem, TSendManyResult, TSendResult, TStoredResponse } from "@/server/domain/send";
import { AppError, type TAppErrorCode, type TFieldIssue } from "@/server/errors";
import { logger as rootLogger, type Logger } from "@/server/logger";
import type { TJobHandOff } from "@/server/jobs/trigger-job";
import { enqueueDispatchInTransaction } from "@/server/services/delivery/enqueue-dispatch";
import { claimSendKeys, type TTakenSendKey } from "@/server/services/notifications/claim-send-keys";
import { hashSendRequest } from "@/server/services/notifications/hash-send-request";
import { insertOutbox } from "@/server/services/notifications/insert-outbox";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import { loadSendContext } from "@/server/services/notifications/load-send-context";
import { planMessages } from "@/server/services/notifications/plan-messages";
import { resolveRecipients } from "@/server/services/notifications/resolve-recipients";
import { loadTemplateCandidates } from "@/server/services/templates/load-template-candidates";
import { insertDigestEntries } from "@/server/services/partners/digest-entries";
import { loadPartnersForSend, partnerFor, type TPartnerForSend } from "@/server/services/partners/load-partners-for-send";
import { planPartnerSends } from "@/server/services/partners/plan-partner-sends";

export type TSendNotificationsOptions = {
  db: Db;
  lab: TLabForSend;
  /** Shared by every message this call writes, unless `requestIds` names each item's own. */
  requestId: string;
  items: TSendItem[];
  /** Each item's request, when single sends are written together (send-grouped.ts); one per item, in order. */
  requestIds?: string[];
  /** sendMany's key for the whole call, replayed as a whole. */
  batchKey?: string;
  /** Where an item's fields sit in the caller's input: "items.3." in sendMany, "" in send. */
  itemPath: (index: number) => string;
  logger?: Logger;
  now?: Date;
};

// A batch of 1,000 items writes up to 3,000 messages; a statement may also wait this long for a
// concurrent request holding one of its idempotency keys.
const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * The send flow: for every item and channel, decide (rules in order), write
 * each message with its first event and the idempotency records in one
 * transaction, then hand the sendable messages to delivery. A bad item fails
 * the whole call before anything is committed, naming every bad field of every
 * item. Items whose key was used in the last 24 hours (or the whole call, for
 * a used batch key) replay their first response and write nothing, if they ask
 * the same as the first time: a key reused for another request is a conflict.
 * Its statements run on the pool directly (sqlOf): Prisma's work per statement
 * was a sixth of the call's CPU.
 */
export async function sendNotifications(options: TSendNotificationsOptions): Promise<TSendManyResult> {
  const { db, lab, requestId, items, batchKey, itemPath } = options;
  const requestIdOf = (index: number) => options.requestIds?.[index] ?? requestId;
  const now = options.now ?? new Date();
  // Bad fields found before the transaction; those of recipients join them inside it, and the call fails with all.
  const { keys: itemKeys, issues } = itemIdempotencyKeys(items, batchKey, itemPath);
  // Read before the transaction, never awaited inside it: embedded PostgreSQL (PGlite) runs one
  // transaction at a time, so a read on another connection would wait for the transaction that waits for it.
  const triggerKeys = [...new Set(items.map((item) => item.trigger))];
  const context = await loadSendContext(sqlOf(db), { labId: lab.id, triggerKeys });
  items.forEach((item, index) => {
    if (!context.triggers.has(item.trigger)) issues.push({ field: `${itemPath(index)}trigger`, message: `unknown trigger "${item.trigger}"` });
    else if (item.partner && context.triggers.get(item.trigger)!.audience === "PATIENT") {
      issues.push({ field: `${itemPath(index)}partner`, message: `${item.trigger} is told to patients only (its audience is PATIENT)` });
    }
  });
  const partnerRefs = items.flatMap((item) => (item.partner ? [item.partner] : []));
  const [partners, partnerCandidates] =
    partnerRefs.length === 0
      ? [[], []]
      : await Promise.all([
          loadPartnersForSend(sqlOf(db), { labId: lab.id, labTimezone: lab.timezone, references: partnerRefs, triggerKeys }),
          loadTemplateCandidates(sqlOf(db), { labId: lab.id, triggerKeys, audience: "PARTNER" }),
        ]);

  const { result, handOff } = await sqlTransactionOf(
    db,
    async (tx): Promise<{ result: TSendManyResult; handOff?: TJobHandOff }> => {
      // The batch key alone first: a replayed batch must return before claiming (and committing) its items' keys.
      let batchRequestId: string | undefined;
      if (batchKey !== undefined) {
        const batchHash = hashSendRequest({ items });
        const batch = await claimSendKeys(tx, { labId: lab.id, keys: new Map([[batchKey, batchHash]]), now });
        const stored = batch.taken.get(batchKey);
        if (stored) {
          const answer = replayOf(stored, "batch", batchKey, batchHash);
          if (typeof answer === "string") throw new AppError("CONFLICT", answer, "idempotencyKey");
          return { result: { requestId: answer.requestId, replayed: true, items: answer.items.map((item) => ({ ...item, replayed: true })) } };
        }
        batchRequestId = batch.claimed.get(batchKey);
      }
      const { taken, claimed } = await claimSendKeys(tx, { labId: lab.id, keys: itemKeys, now });

      const replayed = new Map<number, TItemOutcome>();
      const conflicts: TFieldIssue[] = [];
      items.forEach((item, index) => {
        const key = item.idempotencyKey;
        const stored = key === undefined ? undefined : taken.get(key);
        if (!stored) return;
        const answer = replayOf(stored, "item", key!, itemKeys.get(key!)!);
        if (typeof answer === "string") conflicts.push({ field: `${itemPath(index)}idempotencyKey`, message: answer });
        else replayed.set(index, answer.outcome);
      });
      failWith("CONFLICT", conflicts);
      const fresh = items.map((item, index) => ({ item, index })).filter(({ index }) => !replayed.has(index));
      const toPatients = fresh.filter(({ item }) => item.recipient !== undefined);
      const { contacts, verifiedAddresses, invalid, missing } = await resolveRecipients(tx, {
        lab,
        recipients: toPatients.map(({ item }) => item.recipient!),
        fieldOf: (position, field) => `${itemPath(toPatients[position]!.index)}recipient.${field}`,
      });
      fresh.forEach(({ item, index }) => {
        if (item.partner && !partnerFor(partners, item.partner)) {
          const field = item.partner.partnerId ? "partnerId" : "externalId";
          missing.push({ field: `${itemPath(index)}partner.${field}`, message: `no partner with this ${field} in the lab` });
        }
      });
      // Bad input if there is any, else only references to contacts or partners the lab does not have.
      failWith(issues.length + invalid.length > 0 ? "BAD_REQUEST" : "NOT_FOUND", [...issues, ...invalid, ...missing]);
      const planned = toPatients.map(({ item, index }, position) => ({ item, contact: contacts[position]!, withheld: withheldBy(item, partners), requestId: requestIdOf(index) }));
      const plan = planMessages({ lab, requestId, batchKey, items: planned, context, verifiedAddresses, now });
      const patientOutcomes = new Map(toPatients.map(({ index }, position) => [index, plan.outcomes[position]!]));

      const partnerSends = await planPartnerSends(tx, {
        lab,
        requestId,
        batchKey,
        items: fresh.filter(({ item }) => item.partner).map(({ item, index }) => ({ item, index, patientContactId: patientOutcomes.get(index)?.contactId ?? null })),
        partners,
        context,
        candidates: partnerCandidates,
        now,
      });
      plan.messages.push(...partnerSends.plan.messages);
      plan.events.push(...partnerSends.plan.events);
      plan.dispatch.push(...partnerSends.plan.dispatch);

      const outcomes = new Map(
        fresh.map(({ index }): [number, TItemOutcome] => {
          const outcome = patientOutcomes.get(index) ?? { requestId: requestIdOf(index), contactId: null, externalId: null, channels: [] };
          const partner = partnerSends.outcomes.get(index);
          return [index, partner ? { ...outcome, partner } : outcome];
        }),
      );
      // Keyed by the claimed SendRequest row.
      const responses = new Map<string, TStoredResponse>();
      fresh.forEach(({ item, index }) => {
        if (item.idempotencyKey !== undefined) responses.set(claimed.get(item.idempotencyKey)!, { kind: "item", outcome: outcomes.get(index)! });
      });
      const itemResults = items.map((_, index): TSendResult => {
        const previous = replayed.get(index);
        return previous ? { ...previous, replayed: true } : { ...outcomes.get(index)!, replayed: false };
      });
      if (batchRequestId !== undefined) responses.set(batchRequestId, { kind: "batch", requestId, items: itemResults.map(withoutReplayed) });
      await insertOutbox(tx, { labId: lab.id, requestId, messages: plan.messages, events: plan.events, responses, now });
      await insertDigestEntries(tx, partnerSends.digestEntries, now);
      // Local jobs are written here and commit with the messages; Inngest's events wait for the commit.
      const handOff = await enqueueDispatchInTransaction(tx, plan.dispatch, (_labId, channel) => context.firstAccounts.get(channel) ?? null);
      return { result: { requestId, replayed: false, items: itemResults }, handOff };
    },
    { statementTimeoutMs: STATEMENT_TIMEOUT_MS },
  );

  // After commit, so a worker never looks for a message that is not there yet. The messages are
  // committed either way: if the hand-off fails, delivery's stalled-message sweep queues them, and
  // answering with an error would invite a retry that, without a key, sends twice.
  try {
    await handOff?.afterCommit();
  } catch (error) {
    (options.logger ?? rootLogger).error({ err: error, requestId }, "dispatch hand-off failed; the stalled-message sweep will queue them");
  }
  return result;
}

/**
 * The items' keys, each with the hash of its item; one key cannot stand for two things in one
 * call, and every item that reuses one is an issue.
 */
function itemIdempotencyKeys(items: TSendItem[], batchKey: string | undefined, itemPath: (index: number) => string) {
  const firstUse = new Map<string, string>();
  const keys = new Map<string, string>();
  const issues: TFieldIssue[] = [];
  if (batchKey !== undefined) firstUse.set(batchKey, "idempotencyKey");
  items.forEach((item, index) => {
    if (item.idempotencyKey === undefined) return;
    const field = `${itemPath(index)}idempotencyKey`;
    const earlier = firstUse.get(item.idempotencyKey);
    if (earlier) return void issues.push({ field, message: `the same key is already used by ${earlier} in this call` });
    firstUse.set(item.idempotencyKey, field);
    keys.set(item.idempotencyKey, hashSendRequest(item));
  });
  return { keys, issues };
}

/** A partner whose rule for the trigger says it informs its own patients: the patient's channels are skipped. */
function withheldBy(item: TSendItem, partners: TPartnerForSend[]) {
  const partner = item.partner && partnerFor(partners, item.partner);
  const rule = partner?.rules.get(item.trigger);
  return partner?.active && rule && !rule.notifyPatient ? ("partner_informs_patient" as const) : undefined;
}

/** Fails the call naming every issue, when there is one. */
function failWith(code: TAppErrorCode, issues: TFieldIssue[]): void {
  const [first, ...more] = issues;
  if (first) throw AppError.forFields(code, [first, ...more]);
}

/**
 * The stored response when a used key answers this request, else why not (a conflict): the key
 * stood for the other kind of call, or for a request that asked something else. Rows written before
 * request hashes were kept have none and replay as they always did.
 */
function replayOf<K extends TStoredResponse["kind"]>(stored: TTakenSendKey, kind: K, key: string, requestHash: string): Extract<TStoredResponse, { kind: K }> | string {
  if (stored.response.kind !== kind) return kind === "item" ? `key "${key}" was used for a whole sendMany batch, not one item` : `key "${key}" was used for a single send, not a batch`;
  if (stored.requestHash !== null && stored.requestHash !== requestHash) return `"${key}" was already used with a different request within 24 hours`;
  return stored.response as Extract<TStoredResponse, { kind: K }>;
}

function withoutReplayed({ replayed: _replayed, ...outcome }: TSendResult): TItemOutcome {
  return outcome;
}
