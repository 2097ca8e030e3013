import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { hashApiKey, looksLikeApiKey } from "@/server/services/api-keys/api-key-secret";

// Writing lastUsedAt on every call would turn each read into a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/** The principal for a presented key, or null for an unknown or revoked one. */
export async function authenticateApiKey(db: Db, presented: string, now = new Date()): Promise<TPrincipal | null> {
  if (!looksLikeApiKey(presented)) return null;
  const key = await db.apiKey.findUnique({
    where: { hash: hashApiKey(presented) },
    select: { id: true, labId: true, organizationId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { kind: "apiKey", apiKeyId: key.id, labId: key.labId, organizationId: key.organizationId };
}
