"use client";

import { useTranslations } from "next-intl";
import { useApiErrors } from "@/trpc/use-api-errors";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { BreakdownTable } from "@/components/stats/breakdown-table";
import { Freshness } from "@/components/stats/overview-dashboard";
import { StatsFiltersBar } from "@/components/stats/stats-filters-bar";
import { useOverview, type TStatsTarget } from "@/components/stats/use-overview";
import { useTriggerText } from "@/components/triggers/use-trigger-text";

/** Counts and rates by trigger, and by provider and each of its accounts. */
export function BreakdownDashboard({ target }: { target: TStatsTarget }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("stats.breakdown");
  const tc = useTranslations("stats.filters.channels");
  const triggers = useTriggerText();
  const { query } = useOverview(target);
  const o = query.data;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <StatsFiltersBar />
        {o && <Freshness asOf={o.freshness.asOf} />}
      </div>
      {query.isError && <Notice tone="error">{messageOf(query.error)}</Notice>}
      {query.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {o && (
        <>
          <Panel id="by-trigger" title={t("byTrigger")}>
            <BreakdownTable testId="by-trigger" caption={t("byTrigger")} keyLabel={t("trigger")} rows={o.byTrigger.map((r) => {
                const label = triggers.name({ key: r.triggerKey, name: r.triggerKey });
                return { ...r, key: r.triggerKey, label, sublabel: label === r.triggerKey ? undefined : r.triggerKey };
              })} />
          </Panel>
          <Panel id="by-provider" title={t("byProvider")}>
            <BreakdownTable testId="by-provider" caption={t("byProvider")} keyLabel={t("provider")} rows={o.byProvider.map((r) => ({ ...r, key: r.provider, label: r.provider }))} />
          </Panel>
          <Panel id="by-account" title={t("byAccount")} description={t("byAccountHint")}>
            <BreakdownTable
              testId="by-account"
              caption={t("byAccount")}
              keyLabel={t("account")}
              rows={o.byAccount.map((r) => ({ ...r, key: r.businessAccountId, label: r.name ?? t("removedAccount"), sublabel: `${r.provider} · ${tc(r.channel)}` }))}
            />
          </Panel>
        </>
      )}
    </div>
  );
}
