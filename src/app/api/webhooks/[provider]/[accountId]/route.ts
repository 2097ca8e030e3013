import { rawWebhookPost, serveWebhookPost, serveWebhookVerification } from "@/app/api/webhooks/serve-webhook";
import { withRawForm } from "@/server/http/raw-route-form";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ provider: string; accountId: string }> };

/**
 * Provider webhooks, one URL per business account (shown with the account, to paste into the
 * provider's console), for providers that sign their callbacks.
 */
export const POST = withRawForm(async (request: Request, { params }: TParams): Promise<Response> => serveWebhookPost(request, await params), rawWebhookPost);

/** A provider checking the URL before it subscribes it (Meta's hub.challenge). */
export async function GET(request: Request, { params }: TParams): Promise<Response> {
  return serveWebhookVerification(request, await params);
}
