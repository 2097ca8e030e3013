// One HTTP call to a provider that publishes no SDK (Interakt, Bevatel, Pinnacle, generic vendors):
// fetch with the call's abort signal, the answer read whole, and failures turned into errors that
// carry neither the request (its credentials) nor anything the caller marked secret.
import { classifyCommonError, ProviderError } from "@/server/providers/provider-error";
import type { TClassifiedError } from "@/server/providers/types";

export type TProviderCall = {
  /** The provider's display name, for messages ("Interakt answered 400: ..."). */
  provider: string;
  url: string;
  method?: "POST" | "GET" | "PUT" | "PATCH";
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Values that must never appear in an error message (API keys, tokens). */
  secrets: readonly string[];
};

export type TProviderAnswer = {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  json: unknown;
};

const MAX_MESSAGE_LENGTH = 500;
// More than any provider's answer to one send; a larger body is cut, not held in memory whole.
const MAX_ANSWER_BYTES = 256 * 1024;

/** Replaces each secret (and its base64 form, which Basic auth headers carry) with [redacted]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    clean = clean.split(secret).join("[redacted]");
    const encoded = Buffer.from(secret).toString("base64");
    if (encoded.length >= 8) clean = clean.split(encoded).join("[redacted]");
  }
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}...` : clean;
}

/**
 * Sends the call and resolves with any HTTP answer, error statuses included (each provider reads its
 * own error shape). Rejects only when no answer came: a ProviderError, retryable, classified
 * `timeout` when the call's signal aborted it and `network_error` otherwise. Redirects are not
 * followed: a provider's API does not redirect a send, and following one could lead anywhere.
 */
export async function callProvider(call: TProviderCall): Promise<TProviderAnswer> {
  let response: Response;
  try {
    response = await fetch(call.url, { method: call.method ?? "POST", headers: call.headers, body: call.body, signal: call.signal, redirect: "manual" });
  } catch (error) {
    throw new ProviderError(transportFailure(call, error));
  }
  let text: string;
  try {
    text = await readCapped(response);
  } catch (error) {
    throw new ProviderError(transportFailure(call, error));
  }
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

function transportFailure(call: TProviderCall, error: unknown): TClassifiedError {
  if (call.signal.aborted) {
    return { kind: "retryable", scope: "account", code: "timeout", message: `${call.provider}: no answer in time (timeout or shutdown)` };
  }
  // fetch wraps the socket's error as its cause: ECONNREFUSED and the like are there.
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const common = classifyCommonError(cause);
  const code = common.code === "provider_error" ? "network_error" : common.code;
  return { kind: "retryable", scope: "account", code, message: redactSecrets(`${call.provider}: no answer: ${common.message}`, call.secrets) };
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString("utf8");
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Retry-After in seconds or as an HTTP date, as a wait from now; undefined when absent or unreadable. */
export function retryAfterOf(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A short text of what the provider said, for error messages: its JSON `message` (or `error`), else the body. */
export function answerDetail(answer: TProviderAnswer): string {
  const json = answer.json as { message?: unknown; error?: unknown; errors?: unknown } | null;
  for (const field of [json?.message, json?.error]) {
    if (typeof field === "string" && field) return field;
    if (typeof field === "object" && field !== null && typeof (field as { message?: unknown }).message === "string") return (field as { message: string }).message;
  }
  return answer.text.trim() || `HTTP ${answer.status}`;
}
