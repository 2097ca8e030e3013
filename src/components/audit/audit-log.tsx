"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ActorName } from "@/components/audit/actor-name";
import { AUDIT_FILTERS, AuditFilters, type TAuditFilterValues } from "@/components/audit/audit-filters";
import { AuditDiff } from "@/components/audit/audit-diff";
import { useAuditText } from "@/components/audit/audit-values";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Table } from "@/components/ui/table";

const PAGE_SIZE = 25;

/** A day in the viewer's calendar as the instant it starts; `next` gives the start of the day after. */
function dayStart(day: string, next = false): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (next ? 1 : 0));
}

/** Who changed what in the lab, filtered by the URL's query so a filtered view survives reload and can be shared. */
export function AuditLog() {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("audit");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const format = useDateFormat();
  const text = useAuditText();
  const values = Object.fromEntries(AUDIT_FILTERS.map((f) => [f, params.get(f) ?? ""])) as TAuditFilterValues;
  const pages = useCursorPages(params.toString());
  const input = {
    labId: lab.id,
    actorId: values.actor || undefined,
    action: values.action || undefined,
    targetType: values.target || undefined,
    targetId: values.targetId || undefined,
    since: dayStart(values.from),
    until: dayStart(values.to, true),
    cursor: pages.cursor,
    limit: PAGE_SIZE,
  };
  const entries = useQuery({ ...trpc.audit.list.queryOptions(input), enabled: lab.canAdminister });
  const errors = formErrorsOf(entries.error, ["actorId", "action", "targetType", "targetId", "since", "until"]);

  function apply(next: TAuditFilterValues) {
    const query = new URLSearchParams(Object.entries(next).filter(([, v]) => v.trim() !== "").map(([k, v]) => [k, v.trim()]));
    router.replace(query.size > 0 ? `${pathname}?${query}` : pathname);
  }

  if (!lab.canAdminister) return <Notice tone="info">{t("adminsOnly")}</Notice>;
  return (
    <div className="space-y-6">
      <AuditFilters key={params.toString()} values={values} errors={errors.fields} onApply={apply} />
      <Panel id="audit-entries" title={t("entries")}>
        {entries.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        {entries.data && entries.data.items.length === 0 && <p className="text-sm text-slate-500">{t("empty")}</p>}
        {entries.data && entries.data.items.length > 0 && (
          <Table columns={[t("when"), t("who"), t("what"), t("changes")]}>
            {entries.data.items.map((entry) => (
              <tr key={entry.id}>
                <td className="whitespace-nowrap text-slate-700">{format.dateTime(entry.createdAt)}</td>
                <td>
                  <ActorName actor={entry.actor} />
                </td>
                <td>
                  {text.action(entry.action) && <span className="block text-sm text-slate-900">{text.action(entry.action)}</span>}
                  {/* The code as the action filter takes it. */}
                  <code dir="ltr" className="block text-start text-xs text-slate-500">
                    {entry.action}
                  </code>
                  <span className="block text-xs text-slate-500">
                    {text.target(entry.targetType)}
                    {entry.targetId && (
                      <code dir="ltr" className="ms-1">
                        {entry.targetId}
                      </code>
                    )}
                  </span>
                </td>
                <td>
                  <AuditDiff diff={entry.diff} targetType={entry.targetType} />
                </td>
              </tr>
            ))}
          </Table>
        )}
        <CursorPager pages={pages} nextCursor={entries.data?.nextCursor} label={t("pages")} />
      </Panel>
    </div>
  );
}
