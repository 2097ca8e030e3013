"use client";

import { parseAsStringLiteral, useQueryStates } from "nuqs";

export const PERIODS = ["7d", "30d", "90d"] as const;
export type TPeriod = (typeof PERIODS)[number];
export const CHANNELS = ["SMS", "WHATSAPP", "EMAIL"] as const;
export type TChannel = (typeof CHANNELS)[number];

/** How often open dashboards ask again, so a manager watching a send sees the counts move. */
export const REFRESH_MS = 10_000;

/** GOV.UK Notify warns a service when more than 3% of its messages failed over the last 7 days. */
export const FAILURE_RATE_WARNING = 0.03;

const DAY_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

/** Period and channel of a statistics page, kept in the URL so a view can be reloaded and shared. */
export function useStatsFilters() {
  return useQueryStates({
    period: parseAsStringLiteral(PERIODS).withDefault("7d"),
    channel: parseAsStringLiteral(CHANNELS),
  });
}

/**
 * The range of a period ending at the end of the current hour: the figures are kept per hour, and a
 * range that only moves once an hour keeps the same query (refetched) instead of a new one each render.
 */
export function rangeOf(period: TPeriod, now = Date.now()) {
  const days = Number(period.slice(0, -1));
  const to = new Date(Math.ceil(now / HOUR_MS) * HOUR_MS);
  return { from: new Date(to.getTime() - days * DAY_MS), to, granularity: "day" as const };
}
