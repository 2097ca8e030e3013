"use client";

import { useMemo } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { fieldBinder, LANGUAGE_LABELS, type TSettingsDraft } from "@/components/settings/settings-draft";

type TLocaleFieldsProps = {
  draft: TSettingsDraft;
  errors: Record<string, string>;
  onChange: (patch: Partial<TSettingsDraft>) => void;
};

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

function countryName(code: string): string | null {
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
  const country = countryName(draft.country);
  const bind = fieldBinder(draft, errors, onChange);
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <SelectField {...bind("defaultLanguage")} label="Default language" hint="Used when a contact has no language of their own.">
        {Object.entries(LANGUAGE_LABELS).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </SelectField>
      <TextField
        {...bind("country")}
        label="Country"
        hint={country ? `${country} — the default region for phone numbers.` : "Two-letter ISO code such as SA or IN; the default region for phone numbers."}
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={2}
        className="sm:max-w-xs"
      />
      <TextField {...bind("timezone")} label="Time zone" hint="IANA name such as Asia/Riyadh; quiet hours follow it." list="timezone-options" spellCheck={false} />
      <datalist id="timezone-options">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </div>
  );
}
