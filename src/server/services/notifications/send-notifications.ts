import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import type { TItemOutcome, TSendItem, TSendManyResult, TSendResult, TStoredResponse } from "@/server/domain/send";
import { AppError } from "@/server/errors";
import { logger as rootLogger, type Logger } from "@/server/logger";
import type { TJobHandOff } from "@/server/jobs/trigger-job";
import { enqueueDispatchInTransaction } from "@/server/services/delivery/enqueue-dispatch";
import { claimSendKeys } from "@/server/services/notifications/claim-send-keys";
import { insertOutbox } from "@/server/services/notifications/insert-outbox";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import { loadSendContext } from "@/server/services/notifications/load-send-context";
import { planMessages } from "@/server/services/notifications/plan-messages";
import { resolveRecipients } from "@/server/services/notifications/resolve-recipients";

export type TSendNotificationsOptions = {
  db: Db;
  lab: TLabForSend;
  /** Shared by every message this call writes. */
  requestId: string;
  items: TSendItem[];
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
 * the whole call before anything is committed. Items whose key was used in the
 * last 24 hours (or the whole call, for a used batch key) replay their first
 * response and write nothing. Its statements run on the pool directly (sqlOf):
 * Prisma's work per statement was a sixth of the call's CPU.
 */
export async function sendNotifications(options: TSendNotificationsOptions): Promise<TSendManyResult> {
  const { db, lab, requestId, items, batchKey, itemPath } = options;
  const now = options.now ?? new Date();
  const itemKeys = itemIdempotencyKeys(items, batchKey, itemPath);
  // Read before the transaction, never awaited inside it: embedded PostgreSQL (PGlite) runs one
  // transaction at a time, so a read on another connection would wait for the transaction that waits for it.
  const context = await loadSendContext(sqlOf(db), { labId: lab.id, triggerKeys: [...new Set(items.map((item) => item.trigger))] });
  items.forEach((item, index) => {
    if (!context.triggers.has(item.trigger)) throw new AppError("BAD_REQUEST", `unknown trigger "${item.trigger}"`, `${itemPath(index)}trigger`);
  });

  const { result, handOff } = await sqlTransactionOf(
    db,
    async (tx): Promise<{ result: TSendManyResult; handOff?: TJobHandOff }> => {
      // The batch key alone first: a replayed batch must return before claiming (and committing) its items' keys.
      let batchRequestId: string | undefined;
      if (batchKey !== undefined) {
        const batch = await claimSendKeys(tx, { labId: lab.id, keys: [batchKey], now });
        const stored = batch.taken.get(batchKey);
        if (stored) return { result: replayBatch(stored, batchKey) };
        batchRequestId = batch.claimed.get(batchKey);
      }
      const { taken, claimed } = await claimSendKeys(tx, { labId: lab.id, keys: itemKeys, now });

      const replayed = new Map<number, TItemOutcome>();
      items.forEach((item, index) => {
        const stored = item.idempotencyKey === undefined ? undefined : taken.get(item.idempotencyKey);
        if (stored) replayed.set(index, itemOutcomeOf(stored, item.idempotencyKey!, `${itemPath(index)}idempotencyKey`));
      });
      const fresh = items.map((item, index) => ({ item, index })).filter(({ index }) => !replayed.has(index));
      const { contacts, verifiedAddresses } = await resolveRecipients(tx, {
        lab,
        recipients: fresh.map(({ item }) => item.recipient),
        fieldOf: (position, field) => `${itemPath(fresh[position]!.index)}recipient.${field}`,
      });
      const planned = fresh.map(({ item }, position) => ({ item, contact: contacts[position]! }));
      const plan = planMessages({ lab, requestId, batchKey, items: planned, context, verifiedAddresses, now });

      const outcomes = new Map(fresh.map(({ index }, position) => [index, plan.outcomes[position]!]));
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

/** The items' keys; one key cannot stand for two things in one call. */
function itemIdempotencyKeys(items: TSendItem[], batchKey: string | undefined, itemPath: (index: number) => string): string[] {
  const firstUse = new Map<string, string>();
  if (batchKey !== undefined) firstUse.set(batchKey, "idempotencyKey");
  items.forEach((item, index) => {
    if (item.idempotencyKey === undefined) return;
    const field = `${itemPath(index)}idempotencyKey`;
    const earlier = firstUse.get(item.idempotencyKey);
    if (earlier) throw new AppError("BAD_REQUEST", `the same key is already used by ${earlier} in this call`, field);
    firstUse.set(item.idempotencyKey, field);
  });
  return [...firstUse.keys()].filter((key) => key !== batchKey);
}

function replayBatch(stored: TStoredResponse, key: string): TSendManyResult {
  if (stored.kind !== "batch") throw new AppError("CONFLICT", `key "${key}" was used for a single send, not a batch`, "idempotencyKey");
  return { requestId: stored.requestId, replayed: true, items: stored.items.map((item) => ({ ...item, replayed: true })) };
}

function itemOutcomeOf(stored: TStoredResponse, key: string, field: string): TItemOutcome {
  if (stored.kind !== "item") throw new AppError("CONFLICT", `key "${key}" was used for a whole sendMany batch, not one item`, field);
  return stored.outcome;
}

function withoutReplayed({ replayed: _replayed, ...outcome }: TSendResult): TItemOutcome {
  return outcome;
}
