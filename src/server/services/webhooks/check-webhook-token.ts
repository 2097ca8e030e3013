import type { Db } from "@/server/db";
import { hashWebhookToken, WEBHOOK_TOKEN_PATTERN } from "@/server/services/webhooks/webhook-token";

/**
 * Whether `token` is the account's current webhook path token. Read on every call, never cached, so
 * a rotation takes effect in every process the moment it commits; the lookup is by the token's hash,
 * so nothing about the stored token leaks through timing.
 */
export async function checkWebhookToken(db: Db, accountId: string, token: string | null | undefined): Promise<boolean> {
  if (!token || !WEBHOOK_TOKEN_PATTERN.test(token)) return false;
  const found = await db.businessAccount.count({ where: { id: accountId, webhookTokenHash: hashWebhookToken(token) } });
  return found === 1;
}
