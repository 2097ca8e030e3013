import type { Prisma } from "@/generated/prisma/client";
import { env } from "@/server/env";
import { loadAdapter } from "@/server/providers/registry";
import type { TWebhookAuth } from "@/server/providers/types";
import { accountWebhookUrl } from "@/server/services/providers/provider-endpoints";
import { openStoredConfigOrNull } from "@/server/services/business-accounts/account-config";
import { businessAccountSelect } from "@/server/services/business-accounts/business-account-select";
import { maskAccountConfig, type TConfigObject } from "@/server/services/business-accounts/mask-account-config";

/** The columns a view is made from: the encrypted config is read only to be masked; the webhook token never. */
export const businessAccountRowSelect = { ...businessAccountSelect, configEnc: true, webhookTokenRotatedAt: true } satisfies Prisma.BusinessAccountSelect;

export type TBusinessAccountRow = Prisma.BusinessAccountGetPayload<{ select: typeof businessAccountRowSelect }>;

export type TBusinessAccountView = Omit<TBusinessAccountRow, "configEnc" | "webhookTokenRotatedAt"> & {
  /** "platform" for the platform defaults (labId null) a lab falls back to. */
  scope: "lab" | "platform";
  /** How the provider's callbacks are authenticated: a signature, or a token in the webhook URL. */
  webhookAuth: TWebhookAuth;
  /**
   * What the lab pastes into the provider's console as the status and inbound callback URL. For a
   * "path-token" provider the URL holds the token, a credential: it is returned only by create and
   * rotateWebhookToken, and is null everywhere else.
   */
  webhookUrl: string | null;
  /** Token-addressed providers: whether a token is issued, and when it last changed. Null for signed ones. */
  webhookToken: { set: boolean; rotatedAt: Date | null } | null;
  /** Secret fields as `{ set: boolean }`, the rest as stored; null when the config no longer opens. */
  config: TConfigObject | null;
  /** The provider's documented request rate, which applies while sendRatePerSecond is null; null: none. */
  providerRatePerSecond: number | null;
};

/** An account as every procedure returns it: never a secret, never the ciphertext. */
export function toBusinessAccountView(row: TBusinessAccountRow): Promise<TBusinessAccountView> {
  return viewOf(row, null);
}

/** The view right after a webhook token was issued (create, rotate): the one time its URL is shown. */
export function toIssuedBusinessAccountView(row: TBusinessAccountRow, issuedToken: string | null): Promise<TBusinessAccountView> {
  return viewOf(row, issuedToken);
}

async function viewOf({ configEnc, webhookTokenRotatedAt, ...account }: TBusinessAccountRow, issuedToken: string | null): Promise<TBusinessAccountView> {
  const adapter = await loadAdapter(account.provider, account.channel);
  const webhookAuth = adapter?.webhookAuth ?? "signature";
  const tokenAddressed = webhookAuth === "path-token";
  return {
    ...account,
    scope: account.labId ? "lab" : "platform",
    webhookAuth,
    webhookUrl: !tokenAddressed ? accountWebhookUrl(account.provider, account.id) : issuedToken ? accountWebhookUrl(account.provider, account.id, env(), issuedToken) : null,
    webhookToken: tokenAddressed ? { set: webhookTokenRotatedAt !== null, rotatedAt: webhookTokenRotatedAt } : null,
    config: adapter ? maskedConfig(configEnc, adapter.secretFields) : null,
    providerRatePerSecond: adapter?.defaultRatePerSecond ?? null,
  };
}

function maskedConfig(configEnc: string, secretFields: readonly string[]): TConfigObject | null {
  const stored = openStoredConfigOrNull(configEnc);
  return stored && maskAccountConfig(stored, secretFields);
}
