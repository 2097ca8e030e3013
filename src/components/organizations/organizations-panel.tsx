"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { CreateLabForm } from "@/components/organizations/create-lab-form";
import { CreateOrganizationForm } from "@/components/organizations/create-organization-form";
import { Badge } from "@/components/ui/badge";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { focusRing } from "@/components/ui/styles";

/** The platform's organizations and their labs; only platform admins may see or change them. */
export function OrganizationsPanel() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("organizations");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const isPlatformAdmin = lab.role === "PLATFORM_ADMIN";
  const pages = useCursorPages("organizations");
  const list = useQuery({ ...trpc.organizations.list.queryOptions({ cursor: pages.cursor, limit: 20 }), enabled: isPlatformAdmin });

  if (!isPlatformAdmin) return <Notice tone="info">{t("platformAdminsOnly")}</Notice>;
  return (
    <div className="space-y-6">
      <CreateOrganizationForm />
      {list.data && <CreateLabForm organizations={list.data.items} />}
      <Panel id="organizations" title={t("list.title")}>
        {list.isPending && <p className="text-sm text-slate-500">{t("list.loading")}</p>}
        {list.isError && <Notice tone="error">{messageOf(list.error)}</Notice>}
        {list.data && list.data.items.length === 0 && <p className="text-sm text-slate-500">{t("list.empty")}</p>}
        <ul className="-mx-5 divide-y divide-slate-100">
          {list.data?.items.map((organization) => (
            <li key={organization.id} className="px-5 py-3">
              <p className="text-sm font-semibold text-slate-900">
                {organization.name} <code dir="ltr" className="ms-2 text-xs font-normal text-slate-500">{organization.slug}</code>
              </p>
              {organization.labs.length === 0 ? (
                <p className="text-xs text-slate-500">{t("list.noLabs")}</p>
              ) : (
                <ul className="mt-2 space-y-1">
                  {organization.labs.map((l) => (
                    <li key={l.id} className="flex flex-wrap items-center gap-2 text-sm">
                      <Link href={`/labs/${encodeURIComponent(l.id)}/settings`} className={`font-medium text-sky-800 hover:underline ${focusRing}`}>
                        {l.name}
                      </Link>
                      <span className="text-xs text-slate-500">{t("list.labFacts", { country: l.country, timezone: l.timezone, language: l.defaultLanguage })}</span>
                      {l.hardStop && <Badge tone="danger">{t("list.hardStop")}</Badge>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
        <CursorPager pages={pages} nextCursor={list.data?.nextCursor} label={t("list.pages")} />
      </Panel>
    </div>
  );
}
