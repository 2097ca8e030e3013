const dateTime = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

/** Dates in the viewer's locale and zone; these render only in the browser, after data loads. */
export function formatDateTime(value: Date | null | undefined, empty = "—"): string {
  return value ? dateTime.format(value) : empty;
}

/** The day alone, for tables where the time would crowd the columns (it goes in a tooltip). */
export function formatDate(value: Date | null | undefined, empty = "—"): string {
  return value ? dateOnly.format(value) : empty;
}
