"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useApiErrors } from "@/trpc/use-api-errors";
import { Notice } from "@/components/ui/notice";
import { OverviewCards } from "@/components/stats/overview-cards";
import { CostPanel, LatencyPanel, ReasonsPanel } from "@/components/stats/overview-tables";
import { StatsFiltersBar } from "@/components/stats/stats-filters-bar";
import { FAILURE_RATE_WARNING } from "@/components/stats/stats-range";
import { useLastWeek, useOverview, type TOverview, type TStatsTarget } from "@/components/stats/use-overview";
import { DeliveryRateChart, VolumeChart } from "@/components/stats/volume-chart";
import type { ReactNode } from "react";

/** The overview of a lab or an organization: headline figures, charts, cost and failures, kept current. */
export function OverviewDashboard({ target, children }: { target: TStatsTarget; children?: (overview: TOverview) => ReactNode }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("stats.overview");
  const { query } = useOverview(target);
  const overview = query.data;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <StatsFiltersBar />
        {overview && <Freshness asOf={overview.freshness.asOf} />}
      </div>
      <FailureWarning target={target} />
      {query.isError && <Notice tone="error">{messageOf(query.error)}</Notice>}
      {query.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {overview && (
        <>
          <OverviewCards overview={overview} />
          <div className="grid gap-4 lg:grid-cols-2">
            <VolumeChart overview={overview} />
            <DeliveryRateChart overview={overview} />
          </div>
          {children?.(overview)}
          <div className="grid gap-4 lg:grid-cols-2">
            <ReasonsPanel overview={overview} />
            <div className="space-y-4">
              <CostPanel overview={overview} />
              <LatencyPanel overview={overview} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}

/** Warns when more than 3% of what was sent in the last seven days failed. */
function FailureWarning({ target }: { target: TStatsTarget }) {
  const t = useTranslations("stats.overview");
  const format = useFormatter();
  const week = useLastWeek(target);
  const rate = week.data?.totals.failureRate;
  if (rate === undefined || rate === null || rate <= FAILURE_RATE_WARNING) return null;
  return (
    <Notice tone="warning" title={t("failureWarningTitle")}>
      {t("failureWarning", {
        rate: format.number(rate, { style: "percent", maximumFractionDigits: 1 }),
        threshold: format.number(FAILURE_RATE_WARNING, { style: "percent" }),
        failed: week.data!.totals.failed,
      })}
    </Notice>
  );
}

/** When the figures were last brought up to date; they refresh on their own. */
export function Freshness({ asOf }: { asOf: Date | null }) {
  const t = useTranslations("stats.overview");
  const format = useFormatter();
  return (
    <p className="text-xs text-slate-500" aria-live="polite" data-testid="freshness">
      {asOf ? t("asOf", { time: format.dateTime(asOf, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) }) : t("notYet")}
    </p>
  );
}
