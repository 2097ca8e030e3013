// What SendGrid's refusals and failures mean for delivery. Its v3 errors carry no codes, only
// {message, field, help}: the field says whose fault it is.
import { classifyCommonError, classifyHttpStatus, ProviderError } from "@/server/providers/provider-error";
import { headerOf } from "@/server/providers/sendgrid/sendgrid-client";
import type { TClassifiedError } from "@/server/providers/types";

type TSendGridErrorItem = { message: string; field: string | null };

// Key-shaped strings never reach a message, even when an answer or a proxy echoes the request.
const API_KEY_PATTERN = /SG\.[\w-]+(\.[\w-]+)?/g;
const MAX_MESSAGE_LENGTH = 500;

function sanitise(message: string, apiKey: string | null): string {
  const withoutKey = apiKey ? message.split(apiKey).join("[redacted]") : message;
  const clean = withoutKey.replace(API_KEY_PATTERN, "[redacted]");
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}...` : clean;
}

/** The SDK's ResponseError: `code` is the HTTP status, `response` the parsed body and headers. */
function responseOf(error: unknown): { status: number; body: unknown; headers: unknown } | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, response } = error as { code?: unknown; response?: { body?: unknown; headers?: unknown } };
  if (typeof code !== "number" || code < 400 || code > 599 || typeof response !== "object" || response === null) return null;
  return { status: code, body: response.body, headers: response.headers };
}

function errorItems(body: unknown): TSendGridErrorItem[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    if (typeof e !== "object" || e === null) return [];
    const { message, field } = e as { message?: unknown; field?: unknown };
    return [{ message: typeof message === "string" ? message : "", field: typeof field === "string" && field !== "null" ? field : null }];
  });
}

/** Retry-After (seconds or an HTTP date), else X-RateLimit-Reset (epoch seconds), as a wait from now. */
export function retryAfterMsOf(headers: unknown, now = Date.now()): number | undefined {
  const retryAfter = headerOf(headers, "retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = Number(headerOf(headers, "x-ratelimit-reset"));
  if (headerOf(headers, "x-ratelimit-reset") !== undefined && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}

const isRecipientField = (field: string | null) => field !== null && /^personalizations\.\d+\.(to|cc|bcc)(\.|$)/.test(field);
const isSenderField = (field: string | null) => field !== null && /^from(\.|$)/.test(field);

/** SendGrid's HTTP refusal, by status and the field its errors name. */
export function classifySendGridResponse(status: number, body: unknown, headers: unknown, apiKey: string | null = null): TClassifiedError {
  const items = errorItems(body);
  const detail = items.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).filter(Boolean).join("; ");
  const message = sanitise(`SendGrid answered ${status}${detail ? `: ${detail}` : ""}`, apiKey);
  const base = { message, httpStatus: status };
  const recipientError = items.find((e) => isRecipientField(e.field));
  const senderError = items.find((e) => isSenderField(e.field));
  if (status === 400 && recipientError) {
    return { ...base, kind: "permanent", scope: "recipient", code: "invalid_address", providerCode: recipientError.field! };
  }
  if ((status === 400 || status === 403) && senderError) {
    // The account's from address: invalid, or not a verified Sender Identity. Another account may send.
    const code = status === 403 ? "sender_not_verified" : "invalid_sender";
    return { ...base, kind: "permanent", scope: "account", code, providerCode: senderError.field! };
  }
  if (status === 413) return { ...base, kind: "permanent", scope: "recipient", code: "too_large", providerCode: "413" };
  const providerCode = items[0]?.field ?? String(status);
  if (status === 429) return { ...classifyHttpStatus(status, message, retryAfterMsOf(headers)), providerCode };
  return { ...classifyHttpStatus(status, message), providerCode };
}

/**
 * Any failure of a SendGrid call. An aborted call (the caller's timeout or shutdown) is a retryable
 * timeout whatever the HTTP library made of it.
 */
export function classifySendGridFailure(error: unknown, call: { apiKey: string | null; signal: AbortSignal | null } = { apiKey: null, signal: null }): TClassifiedError {
  if (error instanceof ProviderError) return error.toClassified();
  const response = responseOf(error);
  if (response) return classifySendGridResponse(response.status, response.body, response.headers, call.apiKey);
  const raw = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (call.signal?.aborted || code === "ERR_CANCELED" || code === "ECONNABORTED") {
    return { kind: "retryable", scope: "account", code: "timeout", message: sanitise(`SendGrid did not answer in time (${raw})`, call.apiKey) };
  }
  const common = classifyCommonError(error);
  return { ...common, message: sanitise(`SendGrid call failed: ${common.message}`, call.apiKey) };
}
