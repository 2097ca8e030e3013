/** The dashboard's languages; the first is the fallback when nothing else decides. */
export const LOCALES = ["en", "ar"] as const;
export type TLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = "en";

/** Remembers the viewer's choice across visits; read on the server for every render. */
export const LOCALE_COOKIE = "herald-locale";
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** Each language's name in itself, so someone who cannot read the current one still finds theirs. */
export const LOCALE_NAMES: Record<TLocale, string> = { en: "English", ar: "العربية" };

const RIGHT_TO_LEFT: ReadonlySet<TLocale> = new Set(["ar"]);

export function isLocale(value: unknown): value is TLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: TLocale): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr";
}
