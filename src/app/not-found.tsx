import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";

export default async function NotFound() {
  const t = await getTranslations("common.notFound");
  return (
    <AuthCard title={t("title")} subtitle={t("subtitle")}>
      <Link href="/" className="text-sm font-medium text-sky-700 underline-offset-2 hover:underline">
        {t("back")}
      </Link>
    </AuthCard>
  );
}
