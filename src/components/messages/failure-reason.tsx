"use client";

import { useTranslations } from "next-intl";
import { failureKeysOf } from "@/lib/failure-keys";

export type TFailureExplanation = { known: boolean; what: string; action: string | null };

/** A failure in words a lab manager can act on; an unknown code falls back to the provider's own message, then to its code. */
export function useFailureExplanation() {
  const t = useTranslations("failures");
  return (provider: string | null | undefined, code: string, providerMessage?: string | null): TFailureExplanation => {
    const key = failureKeysOf(provider, code).find((k) => t.has(`${k}.what` as never));
    if (key) return { known: true, what: t(`${key}.what` as never), action: t(`${key}.do` as never) };
    return { known: false, what: providerMessage?.trim() || t("unknown", { code }), action: null };
  };
}

type TProps = { provider: string | null | undefined; code: string; message?: string | null; providerCode?: string | null; compact?: boolean };

/** The explanation beside the raw code, which stays visible for support staff. */
export function FailureReason({ provider, code, message, providerCode, compact = false }: TProps) {
  const t = useTranslations("failures");
  const explain = useFailureExplanation();
  const { known, what, action } = explain(provider, code, message);
  return (
    <div className="space-y-0.5 text-start" data-testid="failure-reason" data-known={known}>
      <p className="text-slate-900">
        {what} <CodeChip code={code} title={t("code")} testId="failure-code" />
        {providerCode && providerCode !== code && (
          <>
            {" "}
            <CodeChip code={providerCode} title={t("providerCode")} testId="failure-provider-code" />
          </>
        )}
      </p>
      {action && (
        <p className={compact ? "text-xs text-slate-600" : "text-sm text-slate-700"} data-testid="failure-action">
          <span className="font-medium">{t("nextStep")}:</span> {action}
        </p>
      )}
      {!compact && known && message && (
        <p className="text-xs text-slate-500" data-testid="failure-provider-message">
          {t("providerSaid")}: <span dir="auto">{message}</span>
        </p>
      )}
    </div>
  );
}

/** A code as support staff read it: left to right in either language. */
function CodeChip({ code, title, testId }: { code: string; title: string; testId: string }) {
  return (
    <code dir="ltr" className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-600" title={title} data-testid={testId}>
      {code}
    </code>
  );
}
