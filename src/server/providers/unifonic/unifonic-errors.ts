// What Unifonic's refusals mean for delivery. Its answers carry `errorCode` "ER-xx" (ER-00 is
// success) and some come with their own HTTP statuses (401, 449, 480, 482 in its spec).
import { classifyCommonError, classifyHttpStatus, ProviderError } from "@/server/providers/provider-error";
import { reasonIn } from "@/server/providers/reported-code";
import type { TClassifiedError } from "@/server/providers/types";

type TCodeClass = Pick<TClassifiedError, "kind" | "scope" | "code">;

/**
 * The codes Unifonic documents for sends. ER-01: the balance is exhausted (this account cannot send;
 * another may). ER-02 to ER-04: the recipient number is invalid. ER-08: the SenderID is not the
 * application's. A bad AppSid is HTTP 401.
 */
export const BY_CODE: Readonly<Record<string, TCodeClass>> = {
  "ER-01": { kind: "permanent", scope: "account", code: "insufficient_funds" },
  "ER-02": { kind: "permanent", scope: "recipient", code: "invalid_address" },
  "ER-03": { kind: "permanent", scope: "recipient", code: "invalid_address" },
  "ER-04": { kind: "permanent", scope: "recipient", code: "invalid_address" },
  "ER-08": { kind: "permanent", scope: "account", code: "invalid_sender" },
};

/** Herald's reason for an ER code a delivery report carries, by the table a refused send is classified with. */
export function unifonicReasonOf(code: string): string | undefined {
  return reasonIn(BY_CODE, code);
}

// The HTTP statuses Unifonic's spec gives its refusals, for answers that carry no ER code.
export const BY_HTTP_STATUS: Readonly<Record<number, TCodeClass>> = {
  449: { kind: "permanent", scope: "recipient", code: "rejected" },
  480: { kind: "permanent", scope: "account", code: "invalid_sender" },
  482: { kind: "permanent", scope: "recipient", code: "invalid_address" },
};

const MAX_MESSAGE_LENGTH = 300;

/** Unifonic's answer with success false, or an HTTP error, as a classified error. */
export function classifyUnifonicRefusal(httpStatus: number, rawErrorCode: string | null, message: string, appSid: string | null): TClassifiedError {
  // Unifonic answers `"errorCode": ""` when a refusal (a 429, a 5xx) has no ER code: the HTTP status is then the code.
  const errorCode = rawErrorCode?.trim() || null;
  const clean = sanitise(message, appSid);
  const text = `Unifonic refused the message${errorCode ? ` (${errorCode})` : ""}${clean ? `: ${clean}` : ""}`;
  const known = (errorCode && Object.hasOwn(BY_CODE, errorCode) ? BY_CODE[errorCode] : undefined) ?? BY_HTTP_STATUS[httpStatus];
  const providerCode = errorCode ?? String(httpStatus);
  if (known) return { ...known, message: text, httpStatus, providerCode };
  if (httpStatus >= 400) return { ...classifyHttpStatus(httpStatus, text), providerCode };
  // An ER code this table does not know, in a 200: nothing was sent, so trying again is safe, and
  // the account's attempt limit moves it to the next account if it persists.
  return { kind: "retryable", scope: "account", code: "provider_error", message: text, httpStatus, providerCode };
}

/** An AppSid never reaches a message, even when an answer or a proxy echoes the request. */
function sanitise(message: string, appSid: string | null): string {
  const clean = appSid ? message.split(appSid).join("[redacted]") : message;
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}...` : clean;
}

export function classifyUnifonicFailure(error: unknown, appSid: string | null = null): TClassifiedError {
  if (error instanceof ProviderError) return error.toClassified();
  const common = classifyCommonError(error);
  return { ...common, message: sanitise(`Unifonic call failed: ${common.message}`, appSid) };
}
