import { LOCALE_COOKIE, type TLocale } from "@/i18n/config";
import { negotiateLocale } from "@/i18n/negotiate-locale";

/** The language a route handler answers in: the same choice the pages make (cookie, then the browser's languages). */
export function localeOfRequest(request: Request): TLocale {
  const cookie = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return negotiateLocale(cookie === undefined ? undefined : decodeURIComponent(cookie), request.headers.get("accept-language"));
}
