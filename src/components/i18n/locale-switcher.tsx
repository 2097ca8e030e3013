"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { directionOf, LOCALE_NAMES, LOCALES } from "@/i18n/config";
import { setLocale } from "@/i18n/set-locale";
import { Button } from "@/components/ui/button";

/**
 * One button per other language, named in that language (and marked up as
 * such), so a reader of either finds theirs. The choice is a cookie, so the
 * URL and everything typed into the page's forms stay as they are.
 */
export function LocaleSwitcher() {
  const t = useTranslations("common");
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <div role="group" aria-label={t("language")} className="flex items-center gap-1">
      {LOCALES.filter((locale) => locale !== current).map((locale) => (
        <Button
          key={locale}
          variant="ghost"
          size="sm"
          lang={locale}
          dir={directionOf(locale)}
          busy={pending}
          onClick={() =>
            startTransition(async () => {
              await setLocale(locale);
              router.refresh();
            })
          }
        >
          {LOCALE_NAMES[locale]}
        </Button>
      ))}
    </div>
  );
}
