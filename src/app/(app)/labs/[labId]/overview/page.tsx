import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { LabOverview } from "@/components/stats/lab-overview";
import { StatsPage } from "@/components/stats/stats-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("stats.overview"))("pageTitle") };
}

/** The lab's landing page: what went out, what arrived, what failed and why, what it cost. */
export default async function OverviewPage() {
  const t = await getTranslations("stats.overview");
  return (
    <StatsPage>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <LabOverview />
    </StatsPage>
  );
}
