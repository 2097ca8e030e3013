// What the Graph API's refusals mean for delivery: {error: {message, type, code, error_subcode,
// fbtrace_id}} with WhatsApp's own codes. Failures reported later in a status webhook's errors[]
// (131047 outside the 24-hour window, 131026 undeliverable) are statuses, not these.
import { classifyCommonError, classifyHttpStatus, ProviderError } from "@/server/providers/provider-error";
import { reasonIn } from "@/server/providers/reported-code";
import type { TClassifiedError } from "@/server/providers/types";

type TCodeClass = Pick<TClassifiedError, "kind" | "scope" | "code">;
const account = (code: string): TCodeClass => ({ kind: "permanent", scope: "account", code });
const recipient = (code: string): TCodeClass => ({ kind: "permanent", scope: "recipient", code });
const retry = (code: string): TCodeClass => ({ kind: "retryable", scope: "account", code });

/** Meta's error codes for Cloud API sends (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
export const BY_CODE: Readonly<Record<number, TCodeClass>> = {
  0: account("bad_credentials"), // AuthException
  190: account("bad_credentials"), // access token expired or invalid
  10: account("permission_denied"),
  200: account("permission_denied"),
  3: account("permission_denied"), // API method not allowed for the app
  131031: account("account_locked"),
  131042: account("payment_required"),
  132001: account("template_not_found"), // the template (or its language) does not exist for this account
  132000: account("template_params_mismatch"), // the account's template wants another number of parameters
  132018: recipient("template_params_invalid"), // a parameter with a line break, a tab or over 4 spaces in a row: this message's, not the account's
  132015: account("template_paused"),
  132016: account("template_disabled"),
  4: retry("rate_limited"),
  80007: retry("rate_limited"),
  130429: retry("rate_limited"), // throughput
  131056: retry("rate_limited"), // too many messages to this one recipient
  1: retry("provider_unavailable"),
  2: retry("provider_unavailable"),
  131000: retry("provider_unavailable"),
  131016: retry("provider_unavailable"),
  131026: recipient("undeliverable"),
  131047: recipient("template_required"),
  131051: recipient("rejected"),
  131009: recipient("rejected"),
  131030: recipient("invalid_address"), // not in the test number's allowed list
  100: recipient("rejected"),
};

/**
 * Herald's reason for a WhatsApp code a status webhook reported, by the table a refused call is
 * classified with. WhatsApp resellers (Interakt, Pinnacle) pass these codes on and read it too.
 */
export function metaReasonOf(code: string): string | undefined {
  return /^\d+$/.test(code) ? reasonIn(BY_CODE, code) : undefined;
}

const MAX_MESSAGE_LENGTH = 400;

export type TMetaErrorBody = { error?: { message?: unknown; code?: unknown; error_subcode?: unknown; error_data?: { details?: unknown } } };

export function classifyMetaResponse(httpStatus: number, body: unknown, secrets: string[] = [], retryAfterMs?: number): TClassifiedError {
  const error = (body as TMetaErrorBody | null)?.error;
  const code = typeof error?.code === "number" ? error.code : null;
  const detail = [error?.message, error?.error_data?.details].filter((v): v is string => typeof v === "string" && v !== "").join(": ");
  const message = sanitise(`WhatsApp Cloud API answered ${httpStatus}${code !== null ? ` (${code})` : ""}${detail ? `: ${detail}` : ""}`, secrets);
  const providerCode = code !== null ? String(code) : String(httpStatus);
  const known = code !== null && Object.hasOwn(BY_CODE, code) ? BY_CODE[code]! : null;
  if (known) return { ...known, message, httpStatus, providerCode, ...(known.code === "rate_limited" && retryAfterMs !== undefined && { retryAfterMs }) };
  return { ...classifyHttpStatus(httpStatus, message, retryAfterMs), providerCode };
}

function sanitise(message: string, secrets: string[]): string {
  const clean = secrets.filter(Boolean).reduce((text, secret) => text.split(secret).join("[redacted]"), message).replace(/EAA[A-Za-z0-9]{10,}/g, "[redacted]");
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}...` : clean;
}

export function classifyMetaFailure(error: unknown, secrets: string[] = []): TClassifiedError {
  if (error instanceof ProviderError) return error.toClassified();
  const common = classifyCommonError(error);
  return { ...common, message: sanitise(`WhatsApp Cloud API call failed: ${common.message}`, secrets) };
}
