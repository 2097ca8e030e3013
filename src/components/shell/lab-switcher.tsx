"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { TAccessibleLab } from "@/trpc/types";

/** Groups labs under their organization, keeping the server's order. */
function byOrganization(labs: TAccessibleLab[]) {
  const groups = new Map<string, { name: string; labs: TAccessibleLab[] }>();
  for (const lab of labs) {
    const group = groups.get(lab.organization.id) ?? { name: lab.organization.name, labs: [] };
    group.labs.push(lab);
    groups.set(lab.organization.id, group);
  }
  return [...groups.entries()];
}

/** The same page of another lab: /labs/<id>/<rest> keeps <rest>. */
export function pathForLab(pathname: string, labId: string): string {
  const [, , , ...rest] = pathname.split("/");
  const section = rest.length > 0 ? rest.join("/") : "settings";
  return `/labs/${encodeURIComponent(labId)}/${section}`;
}

export function LabSwitcher({ labs, currentLabId }: { labs: TAccessibleLab[]; currentLabId: string }) {
  const t = useTranslations("shell");
  const router = useRouter();
  const pathname = usePathname();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="lab-switcher" className="text-xs font-medium tracking-wide text-slate-500 uppercase">
        {t("lab")}
      </label>
      <select
        id="lab-switcher"
        value={currentLabId}
        onChange={(e) => router.push(pathForLab(pathname, e.target.value))}
        className="max-w-72 rounded-md border border-slate-300 bg-white py-1.5 pe-8 ps-2.5 text-sm font-medium text-slate-900 shadow-xs focus:border-sky-600 focus:ring-2 focus:ring-sky-600/40 focus:outline-none"
      >
        {byOrganization(labs).map(([organizationId, group]) => (
          <optgroup key={organizationId} label={group.name}>
            {group.labs.map((lab) => (
              <option key={lab.id} value={lab.id}>
                {lab.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
