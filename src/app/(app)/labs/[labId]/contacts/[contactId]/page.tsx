import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { ContactDetails } from "@/components/contacts/contact-details";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("contacts.details"))("pageTitle") };
}

export default async function ContactPage({ params }: { params: Promise<{ contactId: string }> }) {
  const { contactId } = await params;
  const t = await getTranslations("contacts");
  return (
    <>
      <PageHeader title={t("pageTitle")} />
      <ContactDetails contactId={contactId} />
    </>
  );
}
