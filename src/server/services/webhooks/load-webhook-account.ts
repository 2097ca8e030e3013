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
// are read once per this many milliseconds. A secret changed in this process applies at once (the
// change forgets the cache); one changed in another process, for a signature made with the new
// secret, at the next re-read after a refusal (reloadWebhookAccount), and for the old one within the TTL.
const TTL_MS = 10_000;
// A refused signature re-reads its account at most this often, so a flood of bad ones cannot turn
// into a flood of reads.
const RELOAD_AFTER_MS = 1_000;
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
  return remember(key, await read(db, provider, accountId), now);
}

/**
 * The account read again, after its cached config refused a signature: the provider may already
 * sign with a secret changed in another process. Null when the cached entry is too recent to read
 * again, or there is no such account.
 */
export async function reloadWebhookAccount(db: Db, provider: string, accountId: string, now = Date.now()): Promise<TWebhookAccount | null> {
  const key = `${provider}/${accountId}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < RELOAD_AFTER_MS) return null;
  return remember(key, await read(db, provider, accountId), now);
}

function remember(key: string, account: TWebhookAccount | null, now: number): TWebhookAccount | null {
  if (!cache.has(key) && cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
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
