import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE } from "@/i18n/config";
import { formats } from "@/i18n/formats";
import { loadMessages } from "@/i18n/load-messages";
import { negotiateLocale } from "@/i18n/negotiate-locale";

/** URLs carry no locale: the cookie, else the browser's languages, decide each render's language. */
export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
  return { locale, messages: await loadMessages(locale), formats };
});
