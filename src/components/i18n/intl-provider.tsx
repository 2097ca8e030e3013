"use client";

import { useState, type ReactNode } from "react";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import type { TLocale } from "@/i18n/config";
import { formats } from "@/i18n/formats";

type TIntlProviderProps = { locale: TLocale; messages: AbstractIntlMessages; children: ReactNode };

/**
 * Messages and formats for client components. Dates are shown in the viewer's
 * own time zone, which only the browser knows; they render after data loads,
 * in the browser, so the server never formats one with its own zone.
 */
export function IntlProvider({ locale, messages, children }: TIntlProviderProps) {
  // On the server the zone is a placeholder (nothing formats a date there), which keeps next-intl from warning that none is set.
  const [timeZone] = useState(() => (typeof window === "undefined" ? "UTC" : Intl.DateTimeFormat().resolvedOptions().timeZone));
  return (
    <NextIntlClientProvider locale={locale} messages={messages} formats={formats} timeZone={timeZone}>
      {children}
    </NextIntlClientProvider>
  );
}
