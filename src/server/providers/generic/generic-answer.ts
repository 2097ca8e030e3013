// What a generic vendor's answer means, by the account's settings: its id and status where the
// pointers say, a refusal by HTTP status or by an error code (even in a 2xx), retried when the
// account lists that status or code as retryable.
import type { TGenericConfig } from "@/server/providers/generic/generic-config";
import { readPointerText } from "@/server/providers/http/json-pointer";
import { answerDetail, redactSecrets, retryAfterOf, type TProviderAnswer } from "@/server/providers/http/provider-call";
import { mapStatusWord } from "@/server/providers/http/status-map";
import type { TClassifiedError, TProviderAcceptance } from "@/server/providers/types";

export function readGenericAnswer(answer: TProviderAnswer, config: TGenericConfig, secrets: readonly string[]): { ok: true; acceptance: TProviderAcceptance } | { ok: false; error: TClassifiedError } {
  const errorCode = config.errorCodePointer ? readPointerText(answer.json, config.errorCodePointer) : undefined;
  const refusedByCode = errorCode !== undefined && !config.successErrorCodes.includes(errorCode);
  if (answer.status >= 300 || refusedByCode) return { ok: false, error: classifyGenericAnswer(answer, config, errorCode, secrets) };
  const providerMessageId = readPointerText(answer.json, config.messageIdPointer);
  if (!providerMessageId) {
    // Accepted, so trying again would send twice; without the id no callback can be matched.
    return { ok: false, error: { kind: "permanent", scope: "recipient", code: "missing_message_id", message: `the vendor accepted the message without an id at ${config.messageIdPointer}` } };
  }
  const word = config.statusPointer ? readPointerText(answer.json, config.statusPointer) : undefined;
  const status = (word && mapStatusWord(config.statusMap, word)) || "SENT";
  return { ok: true, acceptance: { providerMessageId, status } };
}

function classifyGenericAnswer(answer: TProviderAnswer, config: TGenericConfig, errorCode: string | undefined, secrets: readonly string[]): TClassifiedError {
  const message = redactSecrets(`the vendor answered ${answer.status}${errorCode ? ` ${errorCode}` : ""}: ${answerDetail(answer)}`, secrets);
  const base = { message, httpStatus: answer.status, providerCode: errorCode ?? String(answer.status) };
  const retryable = (errorCode !== undefined && config.retryableErrorCodes.includes(errorCode)) || config.retryableHttpStatuses.includes(answer.status);
  if (retryable) {
    const retryAfterMs = retryAfterOf(answer.headers);
    return { ...base, kind: "retryable", scope: "account", code: answer.status === 429 ? "rate_limited" : "provider_unavailable", ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  if (answer.status === 401 || answer.status === 403) return { ...base, kind: "permanent", scope: "account", code: "bad_credentials" };
  if (answer.status >= 300 && answer.status < 400) return { ...base, kind: "permanent", scope: "account", code: "redirect_refused" };
  return { ...base, kind: "permanent", scope: "recipient", code: "rejected" };
}
