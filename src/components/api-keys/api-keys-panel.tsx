"use client";

import { useCurrentLab } from "@/components/shell/current-lab";
import { Notice } from "@/components/ui/notice";
import { ApiKeyList } from "@/components/api-keys/api-key-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";

export function ApiKeysPanel() {
  const lab = useCurrentLab();
  return (
    <div className="space-y-6">
      {lab.canAdminister ? (
        <CreateApiKeyForm />
      ) : (
        <Notice tone="info" title="Read-only">
          You have staff access to this lab: you can see its keys, but only a lab admin can create or revoke them.
        </Notice>
      )}
      <ApiKeyList />
    </div>
  );
}
