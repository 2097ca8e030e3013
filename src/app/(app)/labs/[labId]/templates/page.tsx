import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { TemplateCatalogue } from "@/components/templates/template-catalogue";
import { audienceOfParam } from "@/components/templates/template-audience";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates"))("pageTitle") };
}

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<{ audience?: string | string[] }> }) {
  const t = await getTranslations("templates");
  const audience = audienceOfParam((await searchParams).audience);
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      {/* Keyed: a trigger picked among the patients' may have no partner templates. */}
      <TemplateCatalogue key={audience} audience={audience} />
    </>
  );
}
