// What Interakt's refusals mean for delivery. Its errors are `{"result": false, "message": "..."}`
// with an HTTP status and no codes [T], so the message's wording refines 400s: the recipient's number,
// or a template this account has not had approved.
import { answerDetail, redactSecrets, retryAfterOf, type TProviderAnswer } from "@/server/providers/http/provider-call";
import { classifyCommonError, classifyHttpStatus, ProviderError } from "@/server/providers/provider-error";
import { INTERAKT_RATE_LIMIT } from "@/server/providers/interakt/interakt-config";
import type { TClassifiedError } from "@/server/providers/types";

const NUMBER_WORDING = /phone|number|country ?code|not (a )?(valid )?whatsapp/i;
const TEMPLATE_WORDING = /template/i;
const OPT_OUT_WORDING = /opted[ -]?out|unsubscribed/i;

/** Interakt's HTTP refusal, classified; the message never carries the account's secrets. */
export function classifyInteraktAnswer(answer: TProviderAnswer, secrets: readonly string[], now = Date.now()): TClassifiedError {
  const detail = answerDetail(answer);
  const message = redactSecrets(`Interakt answered ${answer.status}: ${detail}`, secrets);
  const base = { message, httpStatus: answer.status, providerCode: String(answer.status) };
  if (answer.status === 429) {
    // Interakt's pace: its counter is per minute, so without Retry-After one window is the wait.
    return { ...base, kind: "retryable", scope: "account", code: "rate_limited", retryAfterMs: retryAfterOf(answer.headers, now) ?? INTERAKT_RATE_LIMIT.windowMs };
  }
  if (answer.status === 400 || answer.status === 422) {
    if (OPT_OUT_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "recipient", code: "unsubscribed", suppress: "provider_unsubscribed" };
    if (TEMPLATE_WORDING.test(detail)) {
      // Templates are approved per WhatsApp number: another account may have this one.
      return { ...base, kind: "permanent", scope: "account", code: "template_not_approved" };
    }
    if (NUMBER_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "recipient", code: "invalid_number" };
  }
  return { ...classifyHttpStatus(answer.status, message), providerCode: String(answer.status) };
}

export function classifyInteraktError(error: unknown): TClassifiedError {
  if (error instanceof ProviderError) return error.toClassified();
  return classifyCommonError(error);
}
