// What Bevatel's refusals mean. Its error bodies are not documented [U]; Chatwoot's are
// `{"error": "..."}` or `{"message": "..."}` with an HTTP status, and the wording refines a 4xx.
import { answerDetail, redactSecrets, retryAfterOf, type TProviderAnswer } from "@/server/providers/http/provider-call";
import { classifyHttpStatus } from "@/server/providers/provider-error";
import { BEVATEL_RATE_LIMIT } from "@/server/providers/bevatel/bevatel-config";
import type { TClassifiedError } from "@/server/providers/types";

const NUMBER_WORDING = /phone|number|not (a )?(valid )?whatsapp/i;
const TEMPLATE_WORDING = /template/i;
const INBOX_WORDING = /inbox/i;

export function classifyBevatelAnswer(answer: TProviderAnswer, secrets: readonly string[], now = Date.now()): TClassifiedError {
  const detail = answerDetail(answer);
  const message = redactSecrets(`Bevatel answered ${answer.status}: ${detail}`, secrets);
  const base = { message, httpStatus: answer.status, providerCode: String(answer.status) };
  if (answer.status === 429) {
    return { ...base, kind: "retryable", scope: "account", code: "rate_limited", retryAfterMs: retryAfterOf(answer.headers, now) ?? BEVATEL_RATE_LIMIT.windowMs };
  }
  if (answer.status === 404 && INBOX_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "account", code: "invalid_sender" };
  if (answer.status === 400 || answer.status === 422) {
    if (TEMPLATE_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "account", code: "template_not_approved" };
    if (INBOX_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "account", code: "invalid_sender" };
    if (NUMBER_WORDING.test(detail)) return { ...base, kind: "permanent", scope: "recipient", code: "invalid_number" };
  }
  return { ...classifyHttpStatus(answer.status, message), providerCode: String(answer.status) };
}
