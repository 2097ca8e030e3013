"use client";

import { TextField } from "@/components/ui/field";
import { fieldBinder, type TSettingsDraft } from "@/components/settings/settings-draft";

type TQuietHoursFieldsProps = {
  draft: TSettingsDraft;
  errors: Record<string, string>;
  onChange: (patch: Partial<TSettingsDraft>) => void;
};

export function QuietHoursFields({ draft, errors, onChange }: TQuietHoursFieldsProps) {
  const bind = fieldBinder(draft, errors, onChange);
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">Quiet hours</legend>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          id="quietHoursEnabled"
          checked={draft.quietHoursEnabled}
          onChange={(e) => onChange({ quietHoursEnabled: e.target.checked })}
          aria-describedby="quietHours-hint"
          className="mt-0.5 size-4 rounded border-slate-300 accent-sky-700"
        />
        <span>Keep a daily quiet window</span>
      </label>
      <p id="quietHours-hint" className="text-xs text-slate-500">
        A window in the lab&apos;s time zone when patients should not be messaged. It may cross midnight, e.g. 22:00 to 07:00.
      </p>
      {draft.quietHoursEnabled && (
        <div className="grid max-w-lg gap-4 sm:grid-cols-2">
          <TextField {...bind("quietHoursStart")} type="time" label="Starts at" />
          <TextField {...bind("quietHoursEnd")} type="time" label="Ends at" />
        </div>
      )}
    </fieldset>
  );
}
