"use client";

import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";

export const STATUSES = ["SCHEDULED", "QUEUED", "SENDING", "SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED", "SKIPPED", "CANCELLED"] as const;
export const PROVIDERS = ["twilio", "resend", "sendgrid", "sandbox"] as const;

/** The messages list's filters and page, in the URL so a filtered list can be reloaded and shared. */
export function useMessageFilters() {
  return useQueryStates({
    status: parseAsStringLiteral(STATUSES),
    channel: parseAsStringLiteral(["SMS", "WHATSAPP", "EMAIL"] as const),
    trigger: parseAsString,
    to: parseAsString,
    provider: parseAsStringLiteral(PROVIDERS),
    since: parseAsString,
    until: parseAsString,
    cursor: parseAsString,
  });
}

export type TMessageFilterValues = ReturnType<typeof useMessageFilters>[0];

const DAY_MS = 24 * 60 * 60_000;

/**
 * The API's filters from the URL's: dates (yyyy-mm-dd, the viewer's own days) become instants, the
 * `until` day included whole. Anything left empty is left out.
 */
export function apiFiltersOf(f: TMessageFilterValues) {
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00`) : undefined);
  const until = day(f.until);
  return {
    status: f.status ?? undefined,
    channel: f.channel ?? undefined,
    trigger: f.trigger || undefined,
    to: f.to || undefined,
    provider: f.provider ?? undefined,
    since: day(f.since),
    until: until && new Date(until.getTime() + DAY_MS),
  };
}

/** The same filters as the export's query string. */
export function exportQueryOf(filters: ReturnType<typeof apiFiltersOf>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value instanceof Date) params.set(key, value.toISOString());
    else if (value !== undefined) params.set(key, value);
  }
  return params.toString();
}
