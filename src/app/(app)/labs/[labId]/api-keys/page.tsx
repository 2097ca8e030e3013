import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysPanel } from "@/components/api-keys/api-keys-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiKeys"))("pageTitle") };
}

export default async function ApiKeysPage() {
  const t = await getTranslations("apiKeys");
  return (
    <>
      <PageHeader
        title={t("pageTitle")}
        description={t.rich("description", {
          code: (chunks) => (
            <code className="font-mono text-xs" dir="ltr">
              {chunks}
            </code>
          ),
        })}
      />
      <ApiKeysPanel />
    </>
  );
}
