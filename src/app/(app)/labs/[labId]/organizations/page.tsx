import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { OrganizationsPanel } from "@/components/organizations/organizations-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("organizations"))("pageTitle") };
}

export default async function OrganizationsPage() {
  const t = await getTranslations("organizations");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <OrganizationsPanel />
    </>
  );
}
