"use client";

import { useFormatter, useTranslations } from "next-intl";

type TWhen = Date | null | undefined;

/**
 * Dates in the viewer's language and time zone (see IntlProvider); an absent
 * one shows `empty`, a dash unless the caller has a word for it ("Never").
 */
export function useDateFormat() {
  const format = useFormatter();
  const t = useTranslations("common");
  return {
    dateTime: (value: TWhen, empty = t("empty")) => (value ? format.dateTime(value, "dateTime") : empty),
    /** The day alone, for tables where the time would crowd the columns (it goes in a tooltip). */
    date: (value: TWhen, empty = t("empty")) => (value ? format.dateTime(value, "date") : empty),
  };
}
