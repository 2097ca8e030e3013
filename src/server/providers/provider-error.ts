import type { TClassifiedError } from "@/server/providers/types";

/** A provider's refusal or failure, already classified by the adapter that raised it. */
export class ProviderError extends Error {
  readonly kind: TClassifiedError["kind"];
  readonly scope: TClassifiedError["scope"];
  readonly code: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly providerCode?: string;
  readonly suppress?: TClassifiedError["suppress"];

  constructor(details: TClassifiedError, options?: { cause?: unknown }) {
    super(details.message, options);
    this.name = "ProviderError";
    this.kind = details.kind;
    this.scope = details.scope;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
    this.providerCode = details.providerCode;
    this.suppress = details.suppress;
  }

  toClassified(): TClassifiedError {
    const { kind, scope, code, message, httpStatus, retryAfterMs, providerCode, suppress } = this;
    const optional = { httpStatus, retryAfterMs, providerCode, suppress };
    return { kind, scope, code, message, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) };
  }
}

// Node's network failures: the request may not have reached the provider, so trying again is safe.
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "EPIPE", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

/**
 * The classification every adapter starts from: a ProviderError as raised; an HTTP status
 * (429 and 5xx retryable, 401/403 the account's fault, other 4xx the message's); network errors
 * and timeouts retryable. Anything unknown is retried: giving up on a transient fault loses a message.
 */
export function classifyCommonError(error: unknown): TClassifiedError {
  if (error instanceof ProviderError) return error.toClassified();
  const message = error instanceof Error ? error.message : String(error);
  const httpStatus = httpStatusOf(error);
  if (httpStatus !== undefined) return classifyHttpStatus(httpStatus, message);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return { kind: "retryable", scope: "account", code: "network_error", message };
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return { kind: "retryable", scope: "account", code: "timeout", message };
  }
  return { kind: "retryable", scope: "account", code: "provider_error", message };
}

export function classifyHttpStatus(httpStatus: number, message: string, retryAfterMs?: number): TClassifiedError {
  if (httpStatus === 429) return { kind: "retryable", scope: "account", code: "rate_limited", message, httpStatus, retryAfterMs };
  if (httpStatus >= 500) return { kind: "retryable", scope: "account", code: "provider_unavailable", message, httpStatus };
  if (httpStatus === 401 || httpStatus === 403) return { kind: "permanent", scope: "account", code: "bad_credentials", message, httpStatus };
  return { kind: "permanent", scope: "recipient", code: "rejected", message, httpStatus };
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === "number" ? status : statusCode;
  return typeof value === "number" && value >= 400 && value < 600 ? value : undefined;
}
