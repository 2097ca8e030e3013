"use client";

import { useTranslations } from "next-intl";
import { FieldError } from "@/components/ui/field";
import { focusRing } from "@/components/ui/styles";

type THardStopToggleProps = { checked: boolean; saved: boolean; onChange: (checked: boolean) => void; error?: string };

/** The kill switch: red when on, and plain about what it does. */
export function HardStopToggle({ checked, saved, onChange, error }: THardStopToggleProps) {
  const t = useTranslations("settings.hardStop");
  const pending = checked !== saved;
  return (
    <div className={`rounded-xl border-2 p-4 transition-colors ${checked ? "border-red-500 bg-red-50" : "border-red-200 bg-white"}`}>
      <div className="flex items-start justify-between gap-4">
        <div>
          <p id="hardStop-label" className="text-base font-semibold text-red-800">
            {t("label")}
          </p>
          <p id="hardStop-hint" className="mt-1 text-sm text-slate-700">
            {t("hint")}
          </p>
          <p className={`mt-2 text-sm font-medium ${checked ? "text-red-700" : "text-emerald-700"}`}>
            {checked ? t("disabled") : t("enabled")}
            {pending && <span className="font-normal text-slate-600">{t("pending")}</span>}
          </p>
        </div>
        <button
          type="button"
          role="switch"
          id="hardStop"
          aria-checked={checked}
          aria-labelledby="hardStop-label"
          aria-describedby={["hardStop-hint", error ? "hardStop-error" : null].filter(Boolean).join(" ")}
          aria-invalid={error ? true : undefined}
          onClick={() => onChange(!checked)}
          className={`relative mt-1 inline-flex h-7 w-12 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${focusRing} ${
            checked ? "bg-red-600" : "bg-slate-300"
          }`}
        >
          <span aria-hidden className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${checked ? "translate-x-6 rtl:-translate-x-6" : "translate-x-1 rtl:-translate-x-1"}`} />
        </button>
      </div>
      <FieldError id="hardStop" error={error} />
    </div>
  );
}
