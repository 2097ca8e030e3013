"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, LOCALES } from "@/i18n/config";

/** Stores the viewer's language; setting a cookie in an action re-renders the page in it. */
export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) throw new Error(`locale: expected one of ${LOCALES.join(", ")}, got ${JSON.stringify(locale)}`);
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS, sameSite: "lax" });
}
