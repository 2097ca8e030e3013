// Unifonic's REST API over fetch: form-encoded POSTs, JSON answers {success, message, errorCode, data}.
// No SDK: Unifonic publishes none for Node, and the API is two form posts.
import { ProviderError } from "@/server/providers/provider-error";
import { classifyUnifonicRefusal } from "@/server/providers/unifonic/unifonic-errors";

export const UNIFONIC_BASE_URL = "https://el.cloud.unifonic.com";

export type TUnifonicCall = { appSid: string; baseUrl: string | null; signal: AbortSignal };

export type TUnifonicAnswer = { success: boolean | string; message?: string | null; errorCode?: string | null; data?: unknown };

/**
 * POSTs `params` (AppSid added) and resolves with `data` of a successful answer. A refusal (HTTP error
 * or success false) throws a classified ProviderError; network failures and timeouts throw as fetch does.
 */
export async function unifonicRequest(call: TUnifonicCall, path: string, params: Record<string, string>): Promise<unknown> {
  const body = new URLSearchParams({ AppSid: call.appSid, ...params, responseType: "JSON" });
  const response = await fetch(`${call.baseUrl ?? UNIFONIC_BASE_URL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: body.toString(),
    signal: call.signal,
  });
  const text = await response.text();
  const answer = parseAnswer(text);
  const succeeded = answer && (answer.success === true || answer.success === "true");
  if (response.ok && succeeded) return answer.data ?? null;
  const retryAfter = Number(response.headers.get("retry-after"));
  const classified = classifyUnifonicRefusal(response.status, answer?.errorCode ?? null, answer?.message ?? (answer ? "" : text.slice(0, 200)), call.appSid);
  throw new ProviderError(response.status === 429 && Number.isFinite(retryAfter) ? { ...classified, retryAfterMs: retryAfter * 1000 } : classified);
}

function parseAnswer(text: string): TUnifonicAnswer | null {
  try {
    const json = JSON.parse(text) as unknown;
    return typeof json === "object" && json !== null && "success" in json ? (json as TUnifonicAnswer) : null;
  } catch {
    return null;
  }
}

/** Unifonic wants the recipient in international format without "+" or "00". */
export function unifonicRecipient(e164: string): string {
  return e164.trim().replace(/^\+/, "").replace(/^00/, "");
}

/** Unifonic numbers: JSON numbers or strings in its answers. */
export function numberOf(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
