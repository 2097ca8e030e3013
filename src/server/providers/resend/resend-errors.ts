// What Resend's error answers ({statusCode, name, message}) mean for delivery.
import { classifyCommonError, classifyHttpStatus, ProviderError } from "@/server/providers/provider-error";
import type { TClassifiedError } from "@/server/providers/types";

/** A Resend failure, classified when it was raised; keeps Resend's error name for the timeline. */
export class ResendApiError extends ProviderError {
  readonly providerCode?: string;

  constructor(details: TClassifiedError, options?: { cause?: unknown }) {
    super(details, options);
    this.name = "ResendApiError";
    this.providerCode = details.providerCode;
  }

  override toClassified(): TClassifiedError {
    return { ...super.toClassified(), ...(this.providerCode !== undefined && { providerCode: this.providerCode }) };
  }
}

const CREDENTIAL_ERRORS = new Set(["missing_api_key", "invalid_api_key", "restricted_api_key"]);
const QUOTA_ERRORS = new Set(["daily_quota_exceeded", "monthly_quota_exceeded"]);

export type TResendFailure = {
  /** HTTP status; null when no answer arrived (network failure, abort). */
  statusCode: number | null;
  name: string;
  message: string;
  retryAfterMs?: number;
  /** The call was aborted by the context's signal (timeout or shutdown). */
  aborted?: boolean;
  /** The request was a batch: a refusal then names one email but fails them all. */
  batch?: boolean;
};

/** The decision table, one reason per line; pinned by tests/providers/resend-config.test.ts. */
export function classifyResendFailure(failure: TResendFailure): TClassifiedError {
  const { statusCode, name, message } = failure;
  const providerCode = name || undefined;
  const base = { message, ...(providerCode && { providerCode }), ...(statusCode !== null && { httpStatus: statusCode }) };
  if (statusCode === null) {
    return { kind: "retryable", scope: "account", code: failure.aborted ? "timeout" : "network_error", ...base };
  }
  if (CREDENTIAL_ERRORS.has(name) || ((statusCode === 401 || statusCode === 403) && /api key/i.test(message))) {
    return { kind: "permanent", scope: "account", code: "bad_credentials", ...base };
  }
  // 403 validation_error: the sending domain is not verified, or a test domain may only mail its owner.
  if (statusCode === 403) return { kind: "permanent", scope: "account", code: "sender_not_allowed", ...base };
  if (statusCode === 429 && QUOTA_ERRORS.has(name)) {
    // Hours away: waiting on this account would hold the message, so another account takes over.
    return { kind: "permanent", scope: "account", code: "quota_exceeded", ...base };
  }
  if (statusCode === 429) return { kind: "retryable", scope: "account", code: "rate_limited", ...base, ...(failure.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }) };
  if (name === "concurrent_idempotent_requests") {
    // The first request with this message id is still being processed: its answer is worth waiting for.
    return { kind: "retryable", scope: "account", code: "idempotency_in_progress", ...base };
  }
  if (name === "invalid_idempotent_request") {
    // Resend already holds a different request under this message id, so the email may have gone
    // out: neither this account nor another may send it again without risking a duplicate.
    return { kind: "permanent", scope: "recipient", code: "idempotency_conflict", ...base };
  }
  if (name === "invalid_from_address" || (statusCode === 422 && /`from`/.test(message))) {
    return { kind: "permanent", scope: "account", code: "invalid_sender", ...base };
  }
  if (failure.batch && statusCode >= 400 && statusCode < 500) {
    // One bad email refuses the whole batch: sent one by one, the others would go through.
    return { kind: "permanent", scope: "recipient", code: "batch_rejected", ...base };
  }
  if ((name === "validation_error" || name === "invalid_parameter") && /`to`|recipient/i.test(message)) {
    return { kind: "permanent", scope: "recipient", code: "invalid_address", ...base };
  }
  if (statusCode === 451) return { kind: "permanent", scope: "recipient", code: "rejected_content", ...base };
  const common = classifyHttpStatus(statusCode, message);
  return { ...common, ...base, code: common.code };
}

/** Errors Herald's delivery asks about: Resend's own (raised by this adapter) or anything else thrown on the way. */
export function classifyResendError(error: unknown): TClassifiedError {
  if (error instanceof ProviderError) return error.toClassified();
  return classifyCommonError(error);
}

/** Retry-After in ms from Resend's headers (seconds, or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMsOf(headers: Record<string, string> | null, now = Date.now()): number | undefined {
  const value = headers?.["retry-after"] ?? headers?.["ratelimit-reset"];
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
