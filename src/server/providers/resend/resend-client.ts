// One Resend SDK client per API key and base URL, and the call wrapper that turns the SDK's
// `{ data, error }` answers into data or a classified ResendApiError.
import { createHash } from "node:crypto";
import { Resend } from "resend";
import type { TResendConfig } from "@/server/providers/resend/resend-config";
import { classifyResendFailure, ResendApiError, retryAfterMsOf } from "@/server/providers/resend/resend-errors";
import type { TAdapterContext } from "@/server/providers/types";

export const RESEND_API_ORIGIN = "https://api.resend.com";
const USER_AGENT = "herald (resend-node)";
const MAX_CLIENTS = 200;

const clients = new Map<string, Resend>();

/**
 * The SDK client for these credentials. The base URL and user agent are always passed, so the SDK's
 * own environment fallbacks (RESEND_BASE_URL, RESEND_USER_AGENT) never apply.
 */
export function resendClient(config: TResendConfig, context: TAdapterContext): Resend {
  const baseUrl = context.baseUrl ?? RESEND_API_ORIGIN;
  // The map key is a digest: the cache never holds an API key in clear as a key.
  const key = createHash("sha256").update(`${config.apiKey}\n${baseUrl}`).digest("base64url");
  let client = clients.get(key);
  if (client) {
    clients.delete(key);
  } else {
    client = new Resend(config.apiKey, { baseUrl, userAgent: USER_AGENT });
    if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
  }
  clients.set(key, client);
  return client;
}

type TSdkAnswer =
  | { data: unknown; error: null; headers: Record<string, string> | null }
  | { data: null; error: { statusCode: number | null; name: string; message: string }; headers: Record<string, string> | null };

/**
 * Runs one SDK call. The SDK catches every fetch failure, an abort included, and answers
 * `statusCode: null`, so an abort is recognised by the context's signal.
 */
export async function callResend<A extends TSdkAnswer>(
  config: TResendConfig,
  context: TAdapterContext,
  run: (client: Resend) => Promise<A>,
  options: { batch?: boolean } = {},
): Promise<Extract<A, { error: null }>["data"]> {
  const answer: TSdkAnswer = await run(resendClient(config, context));
  if (answer.error === null) return answer.data as Extract<A, { error: null }>["data"];
  const { statusCode, name } = answer.error;
  const aborted = statusCode === null && context.signal.aborted;
  const message = redact(`resend: ${aborted ? "request aborted (timeout or shutdown)" : answer.error.message} (${name}${statusCode ? `, HTTP ${statusCode}` : ""})`, config);
  throw new ResendApiError(
    classifyResendFailure({ statusCode, name, message, aborted, batch: options.batch, retryAfterMs: retryAfterMsOf(answer.headers) }),
  );
}

// Resend's messages never carry credentials today; a future one echoing the request must not leak them.
function redact(message: string, config: TResendConfig): string {
  return message
    .replaceAll(config.apiKey, "[redacted]")
    .replaceAll(config.webhookSecret, "[redacted]")
    .replace(/\bre_[A-Za-z0-9_-]{4,}/g, "re_[redacted]")
    .replace(/\bwhsec_[A-Za-z0-9+/=]{4,}/g, "whsec_[redacted]");
}
