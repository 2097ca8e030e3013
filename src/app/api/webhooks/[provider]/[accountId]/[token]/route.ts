import { rawWebhookPost, serveWebhookPost } from "@/app/api/webhooks/serve-webhook";
import { withRawForm } from "@/server/http/raw-route-form";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ provider: string; accountId: string; token: string }> };

/** Webhooks of providers that sign nothing: the unguessable token in the path is what authenticates them. */
export const POST = withRawForm(async (request: Request, { params }: TParams): Promise<Response> => serveWebhookPost(request, await params), rawWebhookPost);
