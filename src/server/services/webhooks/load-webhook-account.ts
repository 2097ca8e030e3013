import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { loadAdapter } from "@/server/providers/registry";
import type { AnyChannelAdapter } from "@/server/providers/types";
import { openAccountConfig } from "@/server/services/business-accounts/account-config";

export type TWebhookAccount = {
  id: string;
  labId: string | null;
  channel: Channel;
  provider: string;
  adapter: AnyChannelAdapter;
  config: unknown;
};

// Providers call back thousands of times a second at peak; an account's row and decrypted config
// are read once per this many milliseconds. A changed webhook secret applies within it.
const TTL_MS = 10_000;
const MAX_CACHED = 1_000;
const cache = new Map<string, { at: number; account: TWebhookAccount | null }>();

/**
 * The account a webhook URL names, with its adapter and opened config; null when there is no such
 * account, it belongs to another provider, or its config no longer opens. Deactivated accounts
 * still hear about the messages they sent.
 */
export async function loadWebhookAccount(db: Db, provider: string, accountId: string, now = Date.now()): Promise<TWebhookAccount | null> {
  const key = `${provider}/${accountId}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.account;
  const account = await read(db, provider, accountId);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, { at: now, account });
  return account;
}

async function read(db: Db, provider: string, accountId: string): Promise<TWebhookAccount | null> {
  const row = await db.businessAccount.findUnique({ where: { id: accountId }, select: { id: true, labId: true, channel: true, provider: true, configEnc: true } });
  if (!row || row.provider !== provider) return null;
  const adapter = await loadAdapter(row.provider, row.channel);
  if (!adapter) return null;
  try {
    return { id: row.id, labId: row.labId, channel: row.channel, provider: row.provider, adapter, config: openAccountConfig(adapter, row.configEnc) };
  } catch {
    return null;
  }
}

/** Forgets cached accounts (after a config change in this process, and in tests). */
export function forgetWebhookAccounts(): void {
  cache.clear();
}
