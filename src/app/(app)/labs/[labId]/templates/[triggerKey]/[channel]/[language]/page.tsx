import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CHANNELS } from "@/server/domain/notifications";
import { SUPPORTED_LANGUAGES } from "@/server/domain/lab-settings";
import { TemplateEditor, type TLanguage } from "@/components/templates/template-editor";
import type { TChannel } from "@/components/templates/template-draft";
import { audienceOfParam } from "@/components/templates/template-audience";

type TParams = Promise<{ triggerKey: string; channel: string; language: string }>;
type TSearchParams = Promise<{ audience?: string | string[] }>;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates"))("pageTitle") };
}

/** One template identity (a partner one with `?audience=partner`); a channel or language Herald does not know is a 404, an unknown trigger is said so on the page. */
export default async function TemplateEditorPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { triggerKey, channel, language } = await params;
  const audience = audienceOfParam((await searchParams).audience);
  if (!(CHANNELS as readonly string[]).includes(channel) || !(SUPPORTED_LANGUAGES as readonly string[]).includes(language) || !/^[A-Z][A-Z0-9_]{0,63}$/.test(triggerKey)) notFound();
  return <TemplateEditor key={audience} triggerKey={triggerKey} channel={channel as TChannel} language={language as TLanguage} audience={audience} />;
}
