import type { TLocale } from "@/i18n/config";
import { loadMessages } from "@/i18n/load-messages";
import { failureKeysOf } from "@/lib/failure-keys";
import { skipKeyOf } from "@/lib/skip-keys";

export type TExplainFailure = (provider: string | null, code: string, providerMessage: string | null) => string;
/** Why a message was skipped or failed, in words; null when it was neither. */
export type TExplainMessage = (message: { provider: string | null; errorCode: string | null; errorMessage: string | null; skipReason: string | null }) => string | null;

type TNode = Record<string, unknown>;

const at = (node: unknown, key: string): unknown => key.split(".").reduce<unknown>((n, part) => (n !== null && typeof n === "object" ? (n as TNode)[part] : undefined), node);

/**
 * The dashboard's failure explanations for files people read (a campaign's report): what happened and
 * what to do, in the reader's language; an unknown code gives the provider's own message, else its code.
 */
export async function failureExplainer(locale: TLocale): Promise<TExplainFailure> {
  const failures = (await loadMessages(locale)).failures as TNode;
  const nextStep = String(at(failures, "nextStep"));
  const unknown = String(at(failures, "unknown"));
  return (provider, code, providerMessage) => {
    const key = failureKeysOf(provider, code).find((k) => typeof at(failures, `${k}.what`) === "string");
    if (key) return `${String(at(failures, `${key}.what`))} ${nextStep}: ${String(at(failures, `${key}.do`))}`;
    return providerMessage?.trim() || unknown.replace("{code}", code);
  };
}

/**
 * The explanation column of files people read (a campaign's report, the messages export): a skip's
 * label and what it means, else a failure's explanation, in the reader's language. A skip reason the
 * messages do not know is given as it is.
 */
export async function messageExplainer(locale: TLocale): Promise<TExplainMessage> {
  const explainFailure = await failureExplainer(locale);
  const skips = (await loadMessages(locale)).skips as TNode;
  return ({ provider, errorCode, errorMessage, skipReason }) => {
    if (skipReason !== null) {
      const key = skipKeyOf(skipReason);
      const label = key && at(skips, `${key}.label`);
      return typeof label === "string" ? `${label}: ${String(at(skips, `${key}.what`))}` : skipReason;
    }
    return errorCode ? explainFailure(provider, errorCode, errorMessage) : null;
  };
}
