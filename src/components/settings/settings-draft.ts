import type { ChangeEvent } from "react";
import type { SUPPORTED_LANGUAGES } from "@/server/domain/lab-settings";
import type { TRouterInputs, TRouterOutputs } from "@/trpc/types";

export type TLanguage = (typeof SUPPORTED_LANGUAGES)[number];
export type TLab = TRouterOutputs["labs"]["get"];
type TSettingsInput = Omit<TRouterInputs["labs"]["updateSettings"], "labId">;

// A record, so a language added on the server fails the type check here until the form offers it.
const LANGUAGE_OPTIONS: Record<TLanguage, true> = { en: true, ar: true, hi: true, ur: true, fr: true };

/** The languages a lab may default to, in the order the form lists them (labels in `settings.locale.languages`). */
export const LANGUAGES = Object.keys(LANGUAGE_OPTIONS) as TLanguage[];

/** What the form edits: text as typed, so a half-typed value is never lost. */
export type TSettingsDraft = {
  name: string;
  hardStop: boolean;
  defaultLanguage: string;
  country: string;
  timezone: string;
  quietHoursEnabled: boolean;
  quietHoursStart: string;
  quietHoursEnd: string;
  retentionDays: string;
};

/** The input fields, in the order the form shows them (for placing server errors). */
export const SETTINGS_FIELDS = ["hardStop", "name", "defaultLanguage", "country", "timezone", "quietHoursStart", "quietHoursEnd", "retentionDays"] as const;

export function toDraft(lab: TLab): TSettingsDraft {
  return {
    name: lab.name,
    hardStop: lab.hardStop,
    defaultLanguage: lab.defaultLanguage,
    country: lab.country,
    timezone: lab.timezone,
    quietHoursEnabled: lab.quietHoursStart !== null || lab.quietHoursEnd !== null,
    quietHoursStart: lab.quietHoursStart ?? "",
    quietHoursEnd: lab.quietHoursEnd ?? "",
    retentionDays: String(lab.retentionDays),
  };
}

/**
 * What the form itself must refuse: a ticked quiet-hours box with a time left
 * empty. Sent as is it would read "no window" and quietly untick the box, so
 * each empty time is named (by its message key in `settings.quietHours`).
 */
export function missingQuietHours(draft: TSettingsDraft): Partial<Record<"quietHoursStart" | "quietHoursEnd", "startRequired" | "endRequired">> {
  if (!draft.quietHoursEnabled) return {};
  return {
    ...(draft.quietHoursStart === "" && { quietHoursStart: "startRequired" as const }),
    ...(draft.quietHoursEnd === "" && { quietHoursEnd: "endRequired" as const }),
  };
}

/**
 * The whole draft as an update. Only trivial normalising happens here (case,
 * blanks); every rule is the server's, so its messages are the ones shown.
 */
export function toInput(draft: TSettingsDraft): TSettingsInput {
  const time = (value: string) => (draft.quietHoursEnabled && value !== "" ? value : null);
  return {
    name: draft.name,
    hardStop: draft.hardStop,
    defaultLanguage: draft.defaultLanguage as TLanguage,
    country: draft.country.trim().toUpperCase(),
    timezone: draft.timezone.trim(),
    quietHoursStart: time(draft.quietHoursStart),
    quietHoursEnd: time(draft.quietHoursEnd),
    retentionDays: draft.retentionDays.trim() === "" ? Number.NaN : Number(draft.retentionDays),
  };
}

type TTextKey = { [K in keyof TSettingsDraft]: TSettingsDraft[K] extends string ? K : never }[keyof TSettingsDraft];

/**
 * Props that tie a text input or select to one draft field and to the server's
 * error for it; the field's name doubles as the control's id.
 */
export function fieldBinder(draft: TSettingsDraft, errors: Record<string, string>, onChange: (patch: Partial<TSettingsDraft>) => void) {
  return (key: TTextKey) => ({
    id: key,
    value: draft[key],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange({ [key]: event.target.value }),
    error: errors[key],
  });
}
