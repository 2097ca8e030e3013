import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { SuppressionsPanel } from "@/components/suppressions/suppressions-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("suppressions"))("pageTitle") };
}

export default async function SuppressionsPage() {
  const t = await getTranslations("suppressions");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <SuppressionsPanel />
    </>
  );
}
