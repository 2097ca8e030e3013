import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { PartnersPanel } from "@/components/partners/partners-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("partners"))("pageTitle") };
}

export default async function PartnersPage() {
  const t = await getTranslations("partners");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <PartnersPanel />
    </>
  );
}
