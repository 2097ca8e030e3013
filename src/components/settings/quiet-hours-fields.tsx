"use client";

import { useTranslations } from "next-intl";
import { TextField } from "@/components/ui/field";
import { fieldBinder, type TSettingsDraft } from "@/components/settings/settings-draft";

type TQuietHoursFieldsProps = {
  draft: TSettingsDraft;
  errors: Record<string, string>;
  onChange: (patch: Partial<TSettingsDraft>) => void;
};

export function QuietHoursFields({ draft, errors, onChange }: TQuietHoursFieldsProps) {
  const t = useTranslations("settings.quietHours");
  const bind = fieldBinder(draft, errors, onChange);
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">{t("legend")}</legend>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          id="quietHoursEnabled"
          checked={draft.quietHoursEnabled}
          onChange={(e) => onChange({ quietHoursEnabled: e.target.checked })}
          aria-describedby="quietHours-hint"
          className="mt-0.5 size-4 rounded border-slate-300 accent-sky-700"
        />
        <span>{t("enable")}</span>
      </label>
      <p id="quietHours-hint" className="text-xs text-slate-500">
        {t("hint")}
      </p>
      {draft.quietHoursEnabled && (
        <div className="grid max-w-lg gap-4 sm:grid-cols-2">
          <TextField {...bind("quietHoursStart")} type="time" label={t("start")} required />
          <TextField {...bind("quietHoursEnd")} type="time" label={t("end")} required />
        </div>
      )}
    </fieldset>
  );
}
