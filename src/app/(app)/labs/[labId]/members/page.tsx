import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { MembersPanel } from "@/components/members/members-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("members"))("pageTitle") };
}

export default async function MembersPage() {
  const t = await getTranslations("members");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <MembersPanel />
    </>
  );
}
