import { adapterContextFor } from "@/server/services/providers/provider-endpoints";
import { loadAdapter } from "@/server/providers/registry";
import type { AnyChannelAdapter, TClassifiedError } from "@/server/providers/types";
import { openAccountConfig } from "@/server/services/business-accounts/account-config";
import type { TChainAccount } from "@/server/services/business-accounts/load-account-chains";
import type { TClaimedMessage } from "@/server/services/delivery/claim-messages";
import { buildOutgoingMessage, type TWhatsAppBinding } from "@/server/services/delivery/build-outgoing-message";
import type { TAttemptResult } from "@/server/services/delivery/plan-dispatch-outcome";

type TReadyAccount = { adapter: AnyChannelAdapter; config: unknown } | { error: TClassifiedError };

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

export type TAttemptDeliveryOptions = {
  message: TClaimedMessage;
  account: TChainAccount | null;
  bindings: ReadonlyMap<string, TWhatsAppBinding>;
  prepareAccount: (account: TChainAccount) => Promise<TReadyAccount>;
};

/** Offers one claimed message to its account's adapter; never throws: failures are classified. */
export async function attemptDelivery({ message, account, bindings, prepareAccount }: TAttemptDeliveryOptions): Promise<TAttemptResult> {
  if (message.hardStop) return { kind: "hard_stop" };
  if (!account) return { kind: "no_account" };
  const built = buildOutgoingMessage(message, bindings);
  if (!built.ok) return { kind: "error", account, error: built.error };
  const ready = await prepareAccount(account);
  if ("error" in ready) return { kind: "error", account, error: ready.error };
  try {
    const context = adapterContextFor({ provider: account.provider, accountId: account.id, timeoutMs: ready.adapter.timeoutMs });
    return { kind: "sent", account, result: await ready.adapter.send(built.message, ready.config, context) };
  } catch (error) {
    return { kind: "error", account, error: ready.adapter.classifyError(error) };
  }
}
