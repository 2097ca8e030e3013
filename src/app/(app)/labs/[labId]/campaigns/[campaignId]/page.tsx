import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { CampaignDetail } from "@/components/campaigns/campaign-detail";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("pageTitle") };
}

export default async function CampaignPage({ params }: { params: Promise<{ campaignId: string }> }) {
  const { campaignId } = await params;
  const t = await getTranslations("campaigns");
  return (
    <>
      <PageHeader title={t("pageTitle")} />
      <CampaignDetail campaignId={campaignId} />
    </>
  );
}
