import Link from "next/link";
import type { ReactNode } from "react";
import { HeraldMark } from "@/components/shell/herald-mark";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { focusRing } from "@/components/ui/styles";

type TAppHeaderProps = { user: { name: string; email: string }; children?: ReactNode };

/** Brand, the page's own controls (the lab switcher), then who is signed in. */
export function AppHeader({ user, children }: TAppHeaderProps) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Link href="/" className={`rounded-md ${focusRing}`} aria-label="Herald home">
          <HeraldMark />
        </Link>
        {children}
        <div className="ml-auto flex items-center gap-3">
          <div className="text-right leading-tight">
            <p className="text-sm font-medium text-slate-900">{user.name}</p>
            <p className="text-xs text-slate-500">{user.email}</p>
          </div>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
