import { db } from "@/server/db";
import { publicBaseUrl } from "@/server/env";
import { logger } from "@/server/logger";
import { handleProviderWebhook } from "@/server/services/webhooks/handle-provider-webhook";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ provider: string; accountId: string }> };

/**
 * Provider webhooks, one URL per business account (shown with the account, to paste into the
 * provider's console). Signatures are checked against the configured public URL, never the Host
 * header a caller could choose.
 */
export async function POST(request: Request, { params }: TParams): Promise<Response> {
  const { provider, accountId } = await params;
  const incoming = new URL(request.url);
  const url = `${publicBaseUrl()}${incoming.pathname}${incoming.search}`;
  const rawBody = await request.text();
  const answer = await handleProviderWebhook({
    db: db(),
    logger,
    provider,
    accountId,
    request: { url, method: "POST", headers: request.headers, rawBody },
  });
  return new Response(answer.body, { status: answer.status, headers: { "content-type": answer.contentType } });
}
