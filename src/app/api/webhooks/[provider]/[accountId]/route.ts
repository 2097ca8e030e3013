import { serveWebhookPost, serveWebhookVerification } from "@/app/api/webhooks/serve-webhook";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ provider: string; accountId: string }> };

/**
 * Provider webhooks, one URL per business account (shown with the account, to paste into the
 * provider's console), for providers that sign their callbacks.
 */
export async function POST(request: Request, { params }: TParams): Promise<Response> {
  return serveWebhookPost(request, await params);
}

/** A provider checking the URL before it subscribes it (Meta's hub.challenge). */
export async function GET(request: Request, { params }: TParams): Promise<Response> {
  return serveWebhookVerification(request, await params);
}
