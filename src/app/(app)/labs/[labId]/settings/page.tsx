import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { LabSettingsForm } from "@/components/settings/lab-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("pageTitle") };
}

export default async function SettingsPage() {
  const t = await getTranslations("settings");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <LabSettingsForm />
    </>
  );
}
