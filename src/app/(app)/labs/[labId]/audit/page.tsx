import type { Metadata } from "next";
import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { AuditLog } from "@/components/audit/audit-log";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("pageTitle") };
}

export default async function AuditPage() {
  const t = await getTranslations("audit");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <Suspense>
        <AuditLog />
      </Suspense>
    </>
  );
}
