import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CHANNELS } from "@/server/domain/notifications";
import { SUPPORTED_LANGUAGES } from "@/server/domain/lab-settings";
import { TemplateEditor, type TLanguage } from "@/components/templates/template-editor";
import type { TChannel } from "@/components/templates/template-draft";

type TParams = Promise<{ triggerKey: string; channel: string; language: string }>;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates"))("pageTitle") };
}

/** One template identity; a channel or language Herald does not know is a 404, an unknown trigger is said so on the page. */
export default async function TemplateEditorPage({ params }: { params: TParams }) {
  const { triggerKey, channel, language } = await params;
  if (!(CHANNELS as readonly string[]).includes(channel) || !(SUPPORTED_LANGUAGES as readonly string[]).includes(language) || !/^[A-Z][A-Z0-9_]{0,63}$/.test(triggerKey)) notFound();
  return <TemplateEditor triggerKey={triggerKey} channel={channel as TChannel} language={language as TLanguage} />;
}
