import type { Metadata } from "next";
import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { ContactSearch } from "@/components/contacts/contact-search";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("contacts"))("pageTitle") };
}

export default async function ContactsPage() {
  const t = await getTranslations("contacts");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("description")} />
      <Suspense>
        <ContactSearch />
      </Suspense>
    </>
  );
}
