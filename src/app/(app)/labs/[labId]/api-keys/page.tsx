import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysPanel } from "@/components/api-keys/api-keys-panel";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let the lab's systems call Herald's API. Send them as “Authorization: Bearer <key>”; revoke a key the moment it may have leaked."
      />
      <ApiKeysPanel />
    </>
  );
}
