import type { ReactNode } from "react";
import { HeraldMark } from "@/components/shell/herald-mark";
import { LocaleSwitcher } from "@/components/i18n/locale-switcher";

/** The centred card used by pages outside the lab shell (sign-in, invitations), with the language choice above it. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-6 flex w-full max-w-sm items-center justify-between gap-4">
        <HeraldMark size="lg" />
        <LocaleSwitcher />
      </div>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-900">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-slate-600">{subtitle}</p>}
        <div className="mt-5">{children}</div>
      </div>
    </main>
  );
}
