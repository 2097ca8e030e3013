import { DEFAULT_LOCALE, isLocale, LOCALES, type TLocale } from "@/i18n/config";

/**
 * The browser's preferred languages, best first: "ar-SA,ar;q=0.9,en;q=0.8"
 * gives ["ar-sa", "ar", "en"]. Entries with q=0 mean "not this one" and go.
 */
function preferredLanguages(acceptLanguage: string): string[] {
  return acceptLanguage
    .split(",")
    .map((entry, index) => {
      const [tag = "", ...params] = entry.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter(({ tag, weight }) => tag !== "" && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ tag }) => tag);
}

/**
 * The viewer's own choice (the cookie) wins; else the first language the
 * browser asks for that the dashboard has (any region of it: ar-SA is ar);
 * else English.
 */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | null | undefined): TLocale {
  if (isLocale(cookieValue)) return cookieValue;
  for (const tag of preferredLanguages(acceptLanguage ?? "")) {
    const language = tag.split("-")[0];
    const match = LOCALES.find((locale) => locale === language);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}
