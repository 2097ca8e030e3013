"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCurrentLab } from "@/components/shell/current-lab";
import { focusRing } from "@/components/ui/styles";

/** Each section's path segment, its label's key in `shell.nav`, and who sees it (everyone unless said). */
const SECTIONS: readonly { segment: string; label: string; only?: "admins" | "platformAdmins" }[] = [
  { segment: "overview", label: "overview" },
  { segment: "messages", label: "messages" },
  { segment: "breakdown", label: "breakdown" },
  { segment: "settings", label: "settings" },
  { segment: "templates", label: "templates" },
  { segment: "triggers", label: "triggers" },
  { segment: "api-keys", label: "apiKeys" },
  { segment: "members", label: "members" },
  { segment: "provider-accounts", label: "providerAccounts" },
  { segment: "suppressions", label: "suppressions" },
  { segment: "otp", label: "otp" },
  { segment: "campaigns", label: "campaigns" },
  { segment: "contacts", label: "contacts" },
  { segment: "partners", label: "partners" },
  { segment: "audit", label: "audit", only: "admins" },
  { segment: "organizations", label: "organizations", only: "platformAdmins" },
];

export function SideNav({ labId }: { labId: string }) {
  const t = useTranslations("shell.nav");
  const pathname = usePathname();
  const lab = useCurrentLab();
  const shown = SECTIONS.filter(({ only }) => !only || (only === "admins" ? lab.canAdminister : lab.role === "PLATFORM_ADMIN"));
  return (
    <nav aria-label={t("label")}>
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {shown.map(({ segment, label }) => {
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
