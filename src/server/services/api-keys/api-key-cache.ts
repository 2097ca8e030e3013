import type { Db } from "@/server/db";
import { authenticateApiKeyWithLab, type TAuthenticatedApiKey } from "@/server/services/api-keys/authenticate-api-key";
import { hashApiKey, looksLikeApiKey } from "@/server/services/api-keys/api-key-secret";

/**
 * How long this process reuses a key's authentication (and the lab read with it): a key revoked, or
 * a lab's settings changed, by another process take effect on this one's requests within this long.
 * In this process both take effect at once (forgetApiKey, forgetLab). Sending re-reads the lab's
 * hard stop at dispatch, so a stale lab can only let a send be accepted, never delivered.
 */
export const API_KEY_CACHE_MS = 2_000;
// Distinct keys in use at once are few (a lab's systems); the bound only keeps a flood of valid keys from growing the map.
const MAX_ENTRIES = 1_000;

type TEntry = { expiresAt: number; key: Promise<TAuthenticatedApiKey | null>; /** The key once read. */ found?: TAuthenticatedApiKey };

// Per database client, as the pools are; keyed by the key's hash, so no plain key stays in memory.
const caches = new WeakMap<Db, Map<string, TEntry>>();

function cacheOf(db: Db): Map<string, TEntry> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

/**
 * authenticateApiKeyWithLab, its answer reused for API_KEY_CACHE_MS: each API call made its own
 * statement. Concurrent calls with a key not yet known share one read; an unknown or revoked key is
 * never remembered, so a key created meanwhile works at once.
 */
export async function authenticateApiKeyCached(db: Db, presented: string, now = Date.now()): Promise<TAuthenticatedApiKey | null> {
  if (!looksLikeApiKey(presented)) return null;
  const cache = cacheOf(db);
  const hash = hashApiKey(presented);
  const cached = cache.get(hash);
  if (cached && cached.expiresAt > now) return cached.key;
  if (cached) cache.delete(hash);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  const key = authenticateApiKeyWithLab(db, presented, new Date(now));
  const entry: TEntry = { expiresAt: now + API_KEY_CACHE_MS, key };
  cache.set(hash, entry);
  const forget = () => {
    if (cache.get(hash) === entry) cache.delete(hash);
  };
  key.then((found) => (found ? (entry.found = found) : forget()), forget);
  return key;
}

/** Drops a key's cached authentication in this process (it was revoked). */
export function forgetApiKey(db: Db, apiKeyId: string): void {
  forgetWhere(db, (key) => key.principal.apiKeyId === apiKeyId);
}

/** Drops the cached authentications that carry this lab (its settings changed). */
export function forgetLab(db: Db, labId: string): void {
  forgetWhere(db, (key) => key.lab?.id === labId);
}

function forgetWhere(db: Db, matches: (key: TAuthenticatedApiKey) => boolean): void {
  const cache = caches.get(db);
  if (!cache) return;
  // A read still in flight may predate the change: it goes too, whatever it holds.
  for (const [hash, entry] of cache) if (!entry.found || matches(entry.found)) cache.delete(hash);
}
