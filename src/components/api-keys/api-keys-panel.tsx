"use client";

import { useTranslations } from "next-intl";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Notice } from "@/components/ui/notice";
import { ApiKeyList } from "@/components/api-keys/api-key-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";

export function ApiKeysPanel() {
  const t = useTranslations("apiKeys");
  const tCommon = useTranslations("common");
  const lab = useCurrentLab();
  return (
    <div className="space-y-6">
      {lab.canAdminister ? (
        <CreateApiKeyForm />
      ) : (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      <ApiKeyList />
    </div>
  );
}
