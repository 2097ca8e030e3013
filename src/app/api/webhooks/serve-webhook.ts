// The webhook routes' shared body: with and without a path token, POST (callbacks) and GET (a
// provider's URL verification). Kept out of route.ts files, which may export only handlers.
import { db } from "@/server/db";
import { publicBaseUrl } from "@/server/env";
import { bodyText, type THeaderReader, type TRawAnswer, type TRawRouteForm } from "@/server/http/raw-route-form";
import { logger } from "@/server/logger";
import { answerWebhookVerification } from "@/server/services/webhooks/answer-webhook-verification";
import { handleProviderWebhook } from "@/server/services/webhooks/handle-provider-webhook";

export type TWebhookPath = { provider: string; accountId: string; token?: string };

// Parses the path and query as the web form's request URL holds them (the same escaping).
const PATH_BASE = "http://webhook.invalid";

/**
 * Signatures are checked against the configured public URL, never the Host header a caller could
 * choose. The URL may hold a path token: it is handed on, never logged.
 */
async function answerWebhookPost(path: string, headers: THeaderReader, rawBody: string, { provider, accountId, token }: TWebhookPath): Promise<TRawAnswer> {
  const incoming = new URL(path, PATH_BASE);
  const answer = await handleProviderWebhook({
    db: db(),
    logger,
    provider,
    accountId,
    token: token ?? null,
    request: { url: `${publicBaseUrl()}${incoming.pathname}${incoming.search}`, method: "POST", headers, rawBody },
  });
  return { status: answer.status, headers: { "content-type": answer.contentType }, body: answer.body };
}

export async function serveWebhookPost(request: Request, params: TWebhookPath): Promise<Response> {
  const url = new URL(request.url);
  const answer = await answerWebhookPost(`${url.pathname}${url.search}`, request.headers, await request.text(), params);
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** The same for the production server, straight from the bytes node:http read. */
export const rawWebhookPost: TRawRouteForm = ({ path, headers, body, params }) =>
  answerWebhookPost(path, headers, bodyText(body), params as TWebhookPath);

export async function serveWebhookVerification(request: Request, { provider, accountId }: TWebhookPath): Promise<Response> {
  const answer = await answerWebhookVerification({ db: db(), logger, provider, accountId, query: new URL(request.url).searchParams });
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
