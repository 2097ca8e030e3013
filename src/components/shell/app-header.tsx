import Link from "next/link";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { HeraldMark } from "@/components/shell/herald-mark";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { LocaleSwitcher } from "@/components/i18n/locale-switcher";
import { focusRing } from "@/components/ui/styles";

type TAppHeaderProps = { user: { name: string; email: string }; children?: ReactNode };

/** Brand, the page's own controls (the lab switcher), then the language, who is signed in, and sign-out. */
export async function AppHeader({ user, children }: TAppHeaderProps) {
  const t = await getTranslations("shell");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Link href="/" className={`rounded-md ${focusRing}`} aria-label={t("home")}>
          <HeraldMark />
        </Link>
        {children}
        <div className="ms-auto flex items-center gap-3">
          <LocaleSwitcher />
          <div className="text-end leading-tight">
            <p className="text-sm font-medium text-slate-900">{user.name}</p>
            <p className="text-xs text-slate-500">
              <span dir="ltr">{user.email}</span>
            </p>
          </div>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
