"use client";

import { useMemo } from "react";
import { useLocale, useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/ui/field";
import { fieldBinder, LANGUAGES, type TSettingsDraft } from "@/components/settings/settings-draft";

type TLocaleFieldsProps = {
  draft: TSettingsDraft;
  errors: Record<string, string>;
  onChange: (patch: Partial<TSettingsDraft>) => void;
};

/** The country's name in the viewer's language, or null for anything that is not a known two-letter code. */
function countryName(code: string, regionNames: Intl.DisplayNames): string | null {
  if (!/^[A-Za-z]{2}$/.test(code.trim())) return null;
  try {
    return regionNames.of(code.trim().toUpperCase()) ?? null;
  } catch {
    return null;
  }
}

/** Language, country and time zone: where and in what language the lab's patients are. */
export function LocaleFields({ draft, errors, onChange }: TLocaleFieldsProps) {
  // Suggestions only: the browser's zone list may differ a little from the server's, which decides.
  const timeZones = useMemo(() => Intl.supportedValuesOf("timeZone"), []);
  const t = useTranslations("settings.locale");
  const locale = useLocale();
  const regionNames = useMemo(() => new Intl.DisplayNames([locale], { type: "region", fallback: "none" }), [locale]);
  const country = countryName(draft.country, regionNames);
  const bind = fieldBinder(draft, errors, onChange);
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <SelectField {...bind("defaultLanguage")} label={t("defaultLanguage")} hint={t("defaultLanguageHint")}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {t(`languages.${code}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        {...bind("country")}
        label={t("country")}
        hint={country ? t("countryHintKnown", { country }) : t("countryHint")}
        dir="ltr"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={2}
        className="sm:max-w-xs"
      />
      <TextField {...bind("timezone")} label={t("timezone")} hint={t("timezoneHint")} list="timezone-options" spellCheck={false} dir="ltr" />
      <datalist id="timezone-options">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </div>
  );
}
