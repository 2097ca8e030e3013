import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { TRPCReactProvider } from "@/trpc/react";
import { IntlProvider } from "@/components/i18n/intl-provider";
import { directionOf } from "@/i18n/config";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: { default: "Herald", template: "%s · Herald" }, description: t("description") };
}

/** The language (and so the direction) is the viewer's, from src/i18n/request.ts. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body className="min-h-dvh">
        <IntlProvider locale={locale} messages={messages}>
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </IntlProvider>
      </body>
    </html>
  );
}
