// The webhook routes' shared body: with and without a path token, POST (callbacks) and GET (a
// provider's URL verification). Kept out of route.ts files, which may export only handlers.
import { db } from "@/server/db";
import { publicBaseUrl } from "@/server/env";
import { logger } from "@/server/logger";
import { answerWebhookVerification } from "@/server/services/webhooks/answer-webhook-verification";
import { handleProviderWebhook } from "@/server/services/webhooks/handle-provider-webhook";

export type TWebhookPath = { provider: string; accountId: string; token?: string };

/**
 * Signatures are checked against the configured public URL, never the Host header a caller could
 * choose. The URL may hold a path token: it is handed on, never logged.
 */
export async function serveWebhookPost(request: Request, { provider, accountId, token }: TWebhookPath): Promise<Response> {
  const incoming = new URL(request.url);
  const url = `${publicBaseUrl()}${incoming.pathname}${incoming.search}`;
  const rawBody = await request.text();
  const answer = await handleProviderWebhook({
    db: db(),
    logger,
    provider,
    accountId,
    token: token ?? null,
    request: { url, method: "POST", headers: request.headers, rawBody },
  });
  return new Response(answer.body, { status: answer.status, headers: { "content-type": answer.contentType } });
}

export async function serveWebhookVerification(request: Request, { provider, accountId }: TWebhookPath): Promise<Response> {
  const answer = await answerWebhookVerification({ db: db(), logger, provider, accountId, query: new URL(request.url).searchParams });
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
