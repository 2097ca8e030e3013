import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { OtpChallengeList } from "@/components/otp/otp-challenge-list";
import { OtpOverview } from "@/components/otp/otp-overview";
import { OtpSettingsForm } from "@/components/otp/otp-settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("otp"))("pageTitle") };
}

export default async function OtpPage() {
  const t = await getTranslations("otp");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <div className="space-y-6">
        <OtpOverview />
        <OtpChallengeList />
        <OtpSettingsForm />
      </div>
    </>
  );
}
