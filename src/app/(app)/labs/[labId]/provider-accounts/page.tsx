import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { ProviderAccountsPanel } from "@/components/provider-accounts/provider-accounts-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("providerAccounts"))("pageTitle") };
}

export default async function ProviderAccountsPage() {
  const t = await getTranslations("providerAccounts");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <ProviderAccountsPanel />
    </>
  );
}
