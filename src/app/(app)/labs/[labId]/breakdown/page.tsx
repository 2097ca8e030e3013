import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { LabBreakdown } from "@/components/stats/lab-overview";
import { StatsPage } from "@/components/stats/stats-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("stats.breakdown"))("pageTitle") };
}

export default async function BreakdownPage() {
  const t = await getTranslations("stats.breakdown");
  return (
    <StatsPage>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <LabBreakdown />
    </StatsPage>
  );
}
