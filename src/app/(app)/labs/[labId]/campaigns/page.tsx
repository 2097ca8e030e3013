import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { CampaignsPanel } from "@/components/campaigns/campaigns-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("pageTitle") };
}

export default async function CampaignsPage() {
  const t = await getTranslations("campaigns");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <CampaignsPanel />
    </>
  );
}
