"use client";

import { useTranslations } from "next-intl";
import { skipKeyOf } from "@/lib/skip-keys";

export type TSkipExplanation = { known: boolean; label: string; what: string | null };

/** Why a message was not sent, in the viewer's language; a reason the messages do not know is shown as it is. */
export function useSkipExplanation() {
  const t = useTranslations("skips");
  return (reason: string): TSkipExplanation => {
    if (reason.trim() === "") return { known: false, label: t("none"), what: null };
    const key = skipKeyOf(reason);
    if (key && t.has(`${key}.label` as never)) return { known: true, label: t(`${key}.label` as never), what: t(`${key}.what` as never) };
    return { known: false, label: t("unknown", { reason }), what: null };
  };
}

type TProps = { reason: string; compact?: boolean };

/** The label, the stored reason beside it for support staff, and (unless compact) what it means. */
export function SkipReason({ reason, compact = false }: TProps) {
  const t = useTranslations("skips");
  const explain = useSkipExplanation();
  const { known, label, what } = explain(reason);
  return (
    <span className="block space-y-0.5 text-start" data-testid="skip-reason" data-known={known} title={compact && what ? what : undefined}>
      <span className="block text-slate-900">
        {label}
        {known && (
          <>
            {" "}
            <code dir="ltr" className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-600" data-testid="skip-code">
              {reason}
            </code>
          </>
        )}
      </span>
      {what && !compact && (
        <span className="block text-xs text-slate-600" data-testid="skip-explanation">
          <span className="font-medium">{t("explanation")}:</span> {what}
        </span>
      )}
    </span>
  );
}
