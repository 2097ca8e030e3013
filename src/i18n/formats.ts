import type { Formats } from "next-intl";

/** Named formats, so every page shows a date or a count the same way in each language. */
export const formats = {
  dateTime: {
    date: { day: "numeric", month: "short", year: "numeric" },
    dateTime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
  },
  number: {
    integer: { maximumFractionDigits: 0 },
  },
} satisfies Formats;
