import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { MessagesTable } from "@/components/messages/messages-table";
import { StatsPage } from "@/components/stats/stats-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("messages.list"))("pageTitle") };
}

export default async function MessagesPage() {
  const t = await getTranslations("messages.list");
  return (
    <StatsPage>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <MessagesTable />
    </StatsPage>
  );
}
