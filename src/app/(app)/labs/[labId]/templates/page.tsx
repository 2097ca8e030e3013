import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { TemplateCatalogue } from "@/components/templates/template-catalogue";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates"))("pageTitle") };
}

export default async function TemplatesPage() {
  const t = await getTranslations("templates");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <TemplateCatalogue />
    </>
  );
}
