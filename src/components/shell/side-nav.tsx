"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { focusRing } from "@/components/ui/styles";

/** Each section's path segment and its label's key in `shell.nav`. */
const SECTIONS = [
  { segment: "settings", label: "settings" },
  { segment: "api-keys", label: "apiKeys" },
  { segment: "members", label: "members" },
  { segment: "provider-accounts", label: "providerAccounts" },
  { segment: "suppressions", label: "suppressions" },
] as const;

export function SideNav({ labId }: { labId: string }) {
  const t = useTranslations("shell.nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")}>
      <ul className="flex gap-1 md:flex-col">
        {SECTIONS.map(({ segment, label }) => {
          const href = `/labs/${encodeURIComponent(labId)}/${segment}`;
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={segment}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-medium ${focusRing} ${
                  current ? "bg-sky-50 text-sky-800 ring-1 ring-sky-200 ring-inset" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                {t(label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
