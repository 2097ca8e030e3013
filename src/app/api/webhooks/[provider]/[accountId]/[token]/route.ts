import { serveWebhookPost } from "@/app/api/webhooks/serve-webhook";

export const dynamic = "force-dynamic";

type TParams = { params: Promise<{ provider: string; accountId: string; token: string }> };

/** Webhooks of providers that sign nothing: the unguessable token in the path is what authenticates them. */
export async function POST(request: Request, { params }: TParams): Promise<Response> {
  return serveWebhookPost(request, await params);
}
