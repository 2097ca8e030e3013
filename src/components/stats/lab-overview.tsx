"use client";

import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import { focusRing } from "@/components/ui/styles";
import { BreakdownDashboard } from "@/components/stats/breakdown-dashboard";
import { OverviewDashboard } from "@/components/stats/overview-dashboard";

/** The current lab's overview, with a way to its organization's for those who run it. */
export function LabOverview() {
  const t = useTranslations("stats.overview");
  const lab = useCurrentLab();
  return (
    <OverviewDashboard target={{ labId: lab.id }}>
      {(overview) => lab.canAdminister && <OrganizationLink organizationId={overview.scope.organizationId} label={t("organizationLink")} />}
    </OverviewDashboard>
  );
}

/** Shown only to those the server lets see the organization's figures (asked once, for the last hour). */
function OrganizationLink({ organizationId, label }: { organizationId: string; label: string }) {
  const trpc = useTRPC();
  const [now] = useState(() => Date.now());
  const access = useQuery({
    ...trpc.stats.overview.queryOptions({ organizationId, from: new Date(now - 3_600_000), to: new Date(now) }),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    select: () => true,
  });
  if (!access.data) return null;
  return (
    <p className="text-sm">
      <Link href={`/organizations/${encodeURIComponent(organizationId)}`} className={`text-sky-800 underline-offset-2 hover:underline ${focusRing}`}>
        {label}
      </Link>
    </p>
  );
}

export function LabBreakdown() {
  const lab = useCurrentLab();
  return <BreakdownDashboard target={{ labId: lab.id }} />;
}
