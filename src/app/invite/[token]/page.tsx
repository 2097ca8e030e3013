import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitation } from "@/components/invite/accept-invitation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth.invite"))("pageTitle"), referrer: "no-referrer" };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t] = await Promise.all([params, getTranslations("auth.invite")]);
  return (
    <AuthCard title={t("title")} subtitle={t("subtitle")}>
      <AcceptInvitation token={token} />
    </AuthCard>
  );
}
