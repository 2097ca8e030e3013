import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { MessageDetail } from "@/components/messages/message-detail";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("messages.detail"))("pageTitle") };
}

export default async function MessagePage({ params }: { params: Promise<{ labId: string; messageId: string }> }) {
  const { labId, messageId } = await params;
  const t = await getTranslations("messages.detail");
  return (
    <>
      <Link href={`/labs/${encodeURIComponent(labId)}/messages`} className="text-sm text-sky-800 hover:underline">
        {t("back")}
      </Link>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <MessageDetail messageId={messageId} />
    </>
  );
}
