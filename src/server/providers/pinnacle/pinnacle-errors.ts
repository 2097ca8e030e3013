// What Pinnacle's refusals mean [U]. Indian gateways answer a refusal either with an HTTP error or
// with 200 and `{"status": "error", "message": ...}`; both are read here, the wording refining a 4xx.
import { answerDetail, redactSecrets, retryAfterOf, type TProviderAnswer } from "@/server/providers/http/provider-call";
import { classifyHttpStatus } from "@/server/providers/provider-error";
import type { TClassifiedError } from "@/server/providers/types";

const REFUSED_WORDS = new Set(["error", "failed", "failure", "fail", "rejected"]);
const CREDENTIAL_WORDING = /api ?key|auth|unauthori[sz]ed|credential/i;
const DLT_WORDING = /dlt|template|entity|header|sender/i;
const NUMBER_WORDING = /number|mobile|msisdn|recipient/i;
const BALANCE_WORDING = /balance|credit|insufficient/i;
const DND_WORDING = /\bdnd\b|do not disturb|opted ?out|blocked/i;

/** True when a 2xx answer is in fact a refusal (`status: "error"`). */
export function isRefusal(answer: TProviderAnswer): boolean {
  const status = (answer.json as { status?: unknown } | null)?.status;
  return typeof status === "string" && REFUSED_WORDS.has(status.toLowerCase());
}

export function classifyPinnacleAnswer(answer: TProviderAnswer, secrets: readonly string[], now = Date.now()): TClassifiedError {
  const detail = answerDetail(answer);
  const httpStatus = answer.status >= 400 ? answer.status : 400;
  const message = redactSecrets(`Pinnacle answered ${answer.status}: ${detail}`, secrets);
  const base = { message, httpStatus: answer.status, providerCode: String(answer.status) };
  if (answer.status === 429) return { ...base, kind: "retryable", scope: "account", code: "rate_limited", retryAfterMs: retryAfterOf(answer.headers, now) ?? 1_000 };
  if (answer.status >= 500) return { ...classifyHttpStatus(answer.status, message), providerCode: String(answer.status) };
  if (httpStatus === 401 || httpStatus === 403 || CREDENTIAL_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "account", code: "bad_credentials" };
  if (BALANCE_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "account", code: "insufficient_funds" };
  if (DND_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "recipient", code: "unsubscribed", suppress: "provider_unsubscribed" };
  // A DLT mismatch (template, header, entity) is the account's registration, not the patient's.
  if (DLT_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "account", code: "dlt_rejected" };
  if (NUMBER_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "recipient", code: "invalid_number" };
  return { ...classifyHttpStatus(httpStatus, message), providerCode: String(answer.status) };
}
