"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import { CampaignMappingForm } from "@/components/campaigns/campaign-mapping-form";
import { CampaignPaceForm } from "@/components/campaigns/campaign-pace-form";
import { CampaignPreview } from "@/components/campaigns/campaign-preview";
import { CampaignProgress } from "@/components/campaigns/campaign-progress";
import { CampaignStartForm } from "@/components/campaigns/campaign-start-form";
import { CampaignStatusBadge } from "@/components/campaigns/campaign-status-badge";
import { CampaignValidation } from "@/components/campaigns/campaign-validation";

// A campaign still moving is read again this often; a finished one is not.
const LIVE_REFRESH_MS = 2_000;

/** A draft walks through mapping, validation, preview and start; a started campaign shows its progress; both show the lab's pace until the end. */
export function CampaignDetail({ campaignId }: { campaignId: string }) {
  const t = useTranslations("campaigns.detail");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const campaign = useQuery(
    trpc.campaigns.get.queryOptions(
      { labId: lab.id, campaignId },
      { refetchInterval: (query) => (query.state.data && ["RUNNING", "SCHEDULED"].includes(query.state.data.status) ? LIVE_REFRESH_MS : false) },
    ),
  );
  const data = campaign.data;
  return (
    <div className="space-y-6">
      <Link href={`/labs/${encodeURIComponent(lab.id)}/campaigns`} className="text-sm font-medium text-sky-800 hover:underline">
        {t("back")}
      </Link>
      {!data ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <h2 className="text-lg font-semibold text-slate-900">{data.name}</h2>
            <CampaignStatusBadge status={data.status} />
            {data.fileName && <span className="text-sm text-slate-500">{t("file", { fileName: data.fileName, rows: data.rowCount })}</span>}
          </div>
          {data.status === "DRAFT" ? (
            <>
              {lab.canAdminister && <CampaignMappingForm key={data.validatedAt?.toString() ?? "new"} campaign={data} />}
              {data.summary !== null && data.validatedAt !== null && (
                <>
                  <CampaignValidation campaign={data} />
                  <CampaignPreview campaign={data} />
                  {lab.canAdminister && <CampaignStartForm campaign={data} />}
                </>
              )}
            </>
          ) : (
            <CampaignProgress campaign={data} />
          )}
          {data.status !== "COMPLETED" && data.status !== "CANCELLED" && <CampaignPaceForm key={String(data.pace.ratePerSecond)} campaign={data} />}
        </>
      )}
    </div>
  );
}
