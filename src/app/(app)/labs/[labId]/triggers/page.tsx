import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { TriggerMatrix } from "@/components/triggers/trigger-matrix";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("triggers"))("pageTitle") };
}

export default async function TriggersPage() {
  const t = await getTranslations("triggers");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <TriggerMatrix />
    </>
  );
}
