"use client";

import { useTranslations } from "next-intl";
import { Panel } from "@/components/ui/panel";
import { BreakdownTable } from "@/components/stats/breakdown-table";
import { OverviewDashboard } from "@/components/stats/overview-dashboard";

/** The overview summed over an organization's labs, with a row per lab. */
export function OrganizationOverview({ organizationId }: { organizationId: string }) {
  const t = useTranslations("stats.organization");
  return (
    <OverviewDashboard target={{ organizationId }}>
      {(overview) => (
        <Panel id="by-lab" title={t("byLab")}>
          <BreakdownTable testId="by-lab" caption={t("byLab")} keyLabel={t("lab")} rows={overview.byLab.map((l) => ({ ...l, key: l.labId, label: l.name }))} />
        </Panel>
      )}
    </OverviewDashboard>
  );
}
