"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCurrentLab } from "@/components/shell/current-lab";
import { PageHeader } from "@/components/ui/page-header";

/** Inside a lab's shell: the lab exists, the page or the record asked for does not (or is not the viewer's). */
export function LabNotFound() {
  const t = useTranslations("common.labNotFound");
  const lab = useCurrentLab();
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Link href={`/labs/${lab.id}/overview`} className="text-sm font-medium text-sky-700 underline-offset-2 hover:underline">
        {t("back", { lab: lab.name })}
      </Link>
    </>
  );
}
