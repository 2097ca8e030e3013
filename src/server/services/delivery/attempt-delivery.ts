import { loadAdapter } from "@/server/providers/registry";
import type { AnyChannelAdapter, TClassifiedError, TOutgoingMessage } from "@/server/providers/types";
import { openAccountConfig } from "@/server/services/business-accounts/account-config";
import type { TChainAccount } from "@/server/services/business-accounts/load-account-chains";
import type { TClaimedMessage } from "@/server/services/delivery/claim-messages";
import { buildOutgoingMessage, type TWhatsAppBinding } from "@/server/services/delivery/build-outgoing-message";
import type { TAttemptResult } from "@/server/services/delivery/plan-dispatch-outcome";
import { withAdapterContext, type TAdapterContextOptions } from "@/server/services/providers/provider-endpoints";

export type TReadyAccount = { adapter: AnyChannelAdapter; config: unknown } | { error: TClassifiedError };

/**
 * Adapters and decrypted configs for the accounts of one batch, each prepared once. An account that
 * cannot be used (unknown provider, config that no longer decrypts or validates) is the account's
 * fault, so its messages fail over.
 */
export function accountPreparer(): (account: TChainAccount) => Promise<TReadyAccount> {
  const prepared = new Map<string, Promise<TReadyAccount>>();
  return (account) => {
    let ready = prepared.get(account.id);
    if (!ready) {
      ready = prepare(account);
      prepared.set(account.id, ready);
    }
    return ready;
  };
}

async function prepare(account: TChainAccount): Promise<TReadyAccount> {
  const adapter = await loadAdapter(account.provider, account.channel);
  if (!adapter) return { error: accountError("unknown_provider", `no adapter for provider "${account.provider}" on ${account.channel}`) };
  try {
    return { adapter, config: openAccountConfig(adapter, account.configEnc) };
  } catch (error) {
    // The reason may quote the config; say only that it is unusable.
    return { error: accountError("invalid_config", `the account's config cannot be decrypted or is invalid (${(error as Error).name})`) };
  }
}

function accountError(code: string, message: string): TClassifiedError {
  return { kind: "permanent", scope: "account", code, message };
}

/** A message ready for its account's adapter, or the result that makes a provider call needless. */
export type TPreparedAttempt =
  | { kind: "call"; message: TClaimedMessage; account: TChainAccount; ready: { adapter: AnyChannelAdapter; config: unknown }; outgoing: TOutgoingMessage[keyof TOutgoingMessage] }
  | { kind: "done"; message: TClaimedMessage; result: TAttemptResult };

export type TPrepareAttemptOptions = {
  message: TClaimedMessage;
  account: TChainAccount | null;
  bindings: ReadonlyMap<string, TWhatsAppBinding>;
  prepareAccount: (account: TChainAccount) => Promise<TReadyAccount>;
};

/**
 * Everything that decides a message's fate before a provider is called, in the order the send flow
 * applies it: the lab's hard stop, the patient's last word, an account to send with, content, and a
 * message whose last provider call may have gone through (sent again only where the provider
 * dedupes or the lab chose at-least-once).
 */
export async function prepareAttempt({ message, account, bindings, prepareAccount }: TPrepareAttemptOptions): Promise<TPreparedAttempt> {
  const done = (result: TAttemptResult): TPreparedAttempt => ({ kind: "done", message, result });
  if (message.hardStop) return done({ kind: "hard_stop" });
  if (message.blockedBy) return done({ kind: "blocked", reason: message.blockedBy });
  if (!account) return done({ kind: "no_account" });
  const built = buildOutgoingMessage(message, bindings);
  if (!built.ok) return done({ kind: "error", account, error: built.error });
  const ready = await prepareAccount(account);
  if ("error" in ready) return done({ kind: "error", account, error: ready.error });
  if (message.reclaimedFrom && !resendIsSafe(ready.adapter) && !account.atLeastOnce) {
    return done({ kind: "uncertain", account, reclaimedFrom: message.reclaimedFrom });
  }
  return { kind: "call", message, account, ready, outgoing: built.message };
}

/**
 * Whether sending a message again cannot make a duplicate: the provider dedupes by message id. Not
 * so for a provider Herald sends batches to (Resend): the lost call may have been a batch, whose key
 * covers that batch only, and the message now goes out in another.
 */
export function resendIsSafe(adapter: AnyChannelAdapter): boolean {
  return adapter.idempotent && !adapter.sendBatch;
}

/** One provider call; never throws: failures are classified by the adapter. */
export async function callProvider(attempt: Extract<TPreparedAttempt, { kind: "call" }>, signal?: AbortSignal): Promise<TAttemptResult> {
  const { account, ready, outgoing } = attempt;
  try {
    return { kind: "sent", account, result: await withAdapterContext(contextOptions(attempt, signal), (context) => ready.adapter.send(outgoing, ready.config, context)) };
  } catch (error) {
    // A single send carries the message id as its key where the provider takes one.
    return failedCall(account, ready.adapter.classifyError(error), ready.adapter.idempotent);
  }
}

/** A call's context: the account's provider and webhook, the adapter's timeout, the batch's shutdown signal. */
function contextOptions({ account, ready }: Extract<TPreparedAttempt, { kind: "call" }>, signal: AbortSignal | undefined): TAdapterContextOptions {
  return { provider: account.provider, accountId: account.id, timeoutMs: ready.adapter.timeoutMs, signal, webhookTokenEnc: account.webhookTokenEnc };
}

/**
 * A call that got no answer (its timeout, or shutdown) may have been taken by the provider: its
 * outcome is unknown, as a call cut off by a crash is. It is tried again only where the repeat
 * carries the same idempotency key (`resendDedupes`) or the account allows at-least-once delivery;
 * otherwise it is left for the provider's callback (which names the message) or a person.
 */
function failedCall(account: TChainAccount, error: TClassifiedError, resendDedupes: boolean): TAttemptResult {
  if (isUnanswered(error) && !resendDedupes && !account.atLeastOnce) return { kind: "uncertain", account, unanswered: error };
  return { kind: "error", account, error };
}

/** The provider may have taken the call: no answer came before the timeout or shutdown cut it off. */
export function isUnanswered(error: TClassifiedError): boolean {
  return error.code === "timeout";
}

/** Several messages for one account in one provider call (an adapter with sendBatch); never throws. */
export async function callProviderBatch(attempts: Extract<TPreparedAttempt, { kind: "call" }>[], signal?: AbortSignal): Promise<TAttemptResult[]> {
  const [attempt] = attempts as [Extract<TPreparedAttempt, { kind: "call" }>];
  const { account, ready } = attempt;
  const outgoing = attempts.map((a) => a.outgoing);
  const call = async (): Promise<TAttemptResult[]> => {
    try {
      const results = await withAdapterContext(contextOptions(attempt, signal), (context) => ready.adapter.sendBatch!(outgoing, ready.config, context));
      return results.map((result) => ({ kind: "sent", account, result }));
    } catch (error) {
      const classified = ready.adapter.classifyError(error);
      return attempts.map(() => ({ kind: "error", account, error: classified }));
    }
  };
  const first = await call();
  const [failure] = first;
  if (failure?.kind !== "error" || !isUnanswered(failure.error) || !ready.adapter.idempotent || signal?.aborted) {
    return first.map((result) => (result.kind === "error" ? failedCall(account, result.error, false) : result));
  }
  // The batch's key covers exactly these messages in this order, so only this same request, sent
  // again now, is deduped by the provider; a later retry would go out in another batch under another key.
  const again = await call();
  return again.map((result) => {
    if (result.kind !== "error") return result;
    // Still no answer, or the first request is still being worked on: both leave the outcome unknown.
    const unknown = isUnanswered(result.error) || result.error.code === "idempotency_in_progress";
    return unknown ? failedCall(account, failure.error, false) : result;
  });
}
