import type { Prisma } from "@/generated/prisma/client";
import { loadAdapter } from "@/server/providers/registry";
import { accountWebhookUrl } from "@/server/services/providers/provider-endpoints";
import { openStoredConfigOrNull } from "@/server/services/business-accounts/account-config";
import { businessAccountSelect } from "@/server/services/business-accounts/business-account-select";
import { maskAccountConfig, type TConfigObject } from "@/server/services/business-accounts/mask-account-config";

/** The columns a view is made from: the encrypted config is read only to be masked. */
export const businessAccountRowSelect = { ...businessAccountSelect, configEnc: true } satisfies Prisma.BusinessAccountSelect;

export type TBusinessAccountRow = Prisma.BusinessAccountGetPayload<{ select: typeof businessAccountRowSelect }>;

export type TBusinessAccountView = Omit<TBusinessAccountRow, "configEnc"> & {
  /** "platform" for the platform defaults (labId null) a lab falls back to. */
  scope: "lab" | "platform";
  /** What the lab pastes into the provider's console as the status and inbound callback URL. */
  webhookUrl: string;
  /** Secret fields as `{ set: boolean }`, the rest as stored; null when the config no longer opens. */
  config: TConfigObject | null;
  /** The provider's documented request rate, which applies while sendRatePerSecond is null; null: none. */
  providerRatePerSecond: number | null;
};

/** An account as every procedure returns it: never a secret, never the ciphertext. */
export async function toBusinessAccountView({ configEnc, ...account }: TBusinessAccountRow): Promise<TBusinessAccountView> {
  const adapter = await loadAdapter(account.provider, account.channel);
  return {
    ...account,
    scope: account.labId ? "lab" : "platform",
    webhookUrl: accountWebhookUrl(account.provider, account.id),
    config: adapter ? maskedConfig(configEnc, adapter.secretFields) : null,
    providerRatePerSecond: adapter?.defaultRatePerSecond ?? null,
  };
}

function maskedConfig(configEnc: string, secretFields: readonly string[]): TConfigObject | null {
  const stored = openStoredConfigOrNull(configEnc);
  return stored && maskAccountConfig(stored, secretFields);
}
