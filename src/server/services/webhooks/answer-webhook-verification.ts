import type { Db } from "@/server/db";
import type { Logger } from "@/server/logger";
import { loadWebhookAccount } from "@/server/services/webhooks/load-webhook-account";

export type TAnswerWebhookVerificationOptions = { db: Db; logger: Logger; provider: string; accountId: string; query: URLSearchParams; now?: Date };
export type TVerificationAnswer = { status: 200 | 403 | 404; body: string };

/**
 * A provider's check that a webhook URL is really ours before it subscribes it (Meta's GET
 * hub.challenge handshake): the adapter compares what the provider sent with the account's
 * settings and says what to echo. 404 for accounts whose provider does no such check.
 */
export async function answerWebhookVerification({ db, logger, provider, accountId, query, now = new Date() }: TAnswerWebhookVerificationOptions): Promise<TVerificationAnswer> {
  const account = await loadWebhookAccount(db, provider, accountId, now.getTime());
  if (!account?.adapter.answerVerification) return { status: 404, body: "no such webhook" };
  const body = account.adapter.answerVerification({ query }, account.config);
  if (body === null) {
    logger.warn({ provider, accountId }, "webhook verification refused: wrong verify token or mode");
    return { status: 403, body: "verification refused" };
  }
  return { status: 200, body };
}
