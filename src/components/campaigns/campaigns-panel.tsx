"use client";

import { useTranslations } from "next-intl";
import { useCurrentLab } from "@/components/shell/current-lab";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { UploadCampaignForm } from "@/components/campaigns/upload-campaign-form";
import { Notice } from "@/components/ui/notice";

export function CampaignsPanel() {
  const t = useTranslations("campaigns");
  const tCommon = useTranslations("common");
  const lab = useCurrentLab();
  return (
    <div className="space-y-6">
      {lab.canAdminister ? (
        <UploadCampaignForm />
      ) : (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      <CampaignList />
    </div>
  );
}
