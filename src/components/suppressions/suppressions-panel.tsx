"use client";

import { useTranslations } from "next-intl";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Notice } from "@/components/ui/notice";
import { AddSuppressionForm } from "@/components/suppressions/add-suppression-form";
import { SuppressionList } from "@/components/suppressions/suppression-list";

export function SuppressionsPanel() {
  const t = useTranslations("suppressions");
  const tCommon = useTranslations("common");
  const lab = useCurrentLab();
  return (
    <div className="space-y-6">
      {lab.canAdminister ? (
        <AddSuppressionForm />
      ) : (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      <SuppressionList />
    </div>
  );
}
