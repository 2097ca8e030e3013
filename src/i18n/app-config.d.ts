import type { TLocale } from "@/i18n/config";
import type { formats } from "@/i18n/formats";

declare module "next-intl" {
  interface AppConfig {
    Locale: TLocale;
    Formats: typeof formats;
  }
}
