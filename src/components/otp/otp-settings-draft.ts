import type { TRouterInputs, TRouterOutputs } from "@/trpc/types";

export type TOtpSettings = TRouterOutputs["otp"]["settings"];
type TOtpSettingsInput = Omit<TRouterInputs["otp"]["updateSettings"], "labId">;

/** The channels a code may go by, in the order the selects offer them. */
export const OTP_CHANNELS = ["SMS", "WHATSAPP", "EMAIL"] as const;

/** How many places the fallback order has: one per channel. */
export const CHANNEL_PLACES = OTP_CHANNELS.length;

const NUMBER_FIELDS = ["expiryMinutes", "codeLength", "resendCooldownSeconds", "fallbackAfterSeconds", "startsPerCallerPerMinute", "startsPerLabPerHour"] as const;
export type TNumberField = (typeof NUMBER_FIELDS)[number];

/** What the form edits: numbers as typed, so a half-typed value is never lost; "" for an empty channel place. */
export type TOtpSettingsDraft = Record<TNumberField, string> & {
  channels: string[];
  countries: string;
  allowOtherCountries: boolean;
};

/** The input fields, in the order the form shows them (for placing server errors). */
export const OTP_SETTINGS_FIELDS = ["channels", ...NUMBER_FIELDS, "countries", "allowOtherCountries"] as const;

export function toDraft(settings: TOtpSettings): TOtpSettingsDraft {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((field) => [field, String(settings[field])])) as Record<TNumberField, string>;
  return {
    ...numbers,
    channels: Array.from({ length: CHANNEL_PLACES }, (_, i) => settings.channels[i] ?? ""),
    countries: settings.countries.join(", "),
    allowOtherCountries: settings.allowOtherCountries,
  };
}

/** The countries as typed: codes separated by commas or spaces, upper-cased. */
export function countryList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean).map((code) => code.toUpperCase());
}

/**
 * The whole draft as an update. Only trivial normalising happens here (blanks, case); every rule
 * (ranges, a channel named twice, unknown countries) is the server's, so its messages are shown.
 */
export function toInput(draft: TOtpSettingsDraft): TOtpSettingsInput {
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((field) => [field, number(draft[field])])) as Record<TNumberField, number>;
  return {
    ...numbers,
    channels: draft.channels.filter(Boolean) as TOtpSettingsInput["channels"],
    countries: countryList(draft.countries),
    allowOtherCountries: draft.allowOtherCountries,
  };
}
