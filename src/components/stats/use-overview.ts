"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import type { TRouterOutputs } from "@/trpc/types";
import { rangeOf, REFRESH_MS, useStatsFilters } from "@/components/stats/stats-range";

export type TOverview = TRouterOutputs["stats"]["overview"];
export type TStatsTarget = { labId: string } | { organizationId: string };

/** The overview for the URL's period and channel, asked again every few seconds while the page is open. */
export function useOverview(target: TStatsTarget, options: { withChannel?: boolean } = {}) {
  const trpc = useTRPC();
  const [filters] = useStatsFilters();
  const channel = options.withChannel === false ? undefined : (filters.channel ?? undefined);
  const query = useQuery({
    ...trpc.stats.overview.queryOptions({ ...target, ...rangeOf(filters.period), channel }),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
  return { query, filters };
}

/** The last seven days, whatever the page shows: what the failure-rate warning is about. */
export function useLastWeek(target: TStatsTarget) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.stats.overview.queryOptions({ ...target, ...rangeOf("7d") }), refetchInterval: REFRESH_MS });
}
