"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { focusRing } from "@/components/ui/styles";
import { MessageFiltersForm } from "@/components/messages/message-filters-form";
import { StatusBadge } from "@/components/messages/status-badge";
import { apiFiltersOf, exportQueryOf, useMessageFilters } from "@/components/messages/use-message-filters";
import { SkipReason } from "@/components/messages/skip-reason";
import { REFRESH_MS } from "@/components/stats/stats-range";
import { TriggerLabel } from "@/components/triggers/trigger-label";

type TMessage = TRouterOutputs["messages"]["list"]["items"][number];
const PAGE_SIZE = 50;
const FILTER_FIELDS = ["status", "channel", "trigger", "to", "provider", "since", "until"];

/** The lab's messages, filtered from the URL, a page at a time, refreshing while open. */
export function MessagesTable() {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("messages.list");
  const tc = useTranslations("stats.filters.channels");
  const format = useFormatter();
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [filters, setFilters] = useMessageFilters();
  // Cursors of the pages before this one, so "Previous" can go back; a fresh filter starts again.
  const [previous, setPrevious] = useState<(string | null)[]>([]);
  const apiFilters = apiFiltersOf(filters);
  const filterKey = JSON.stringify(apiFilters);
  useEffect(() => setPrevious([]), [filterKey]);
  const list = useQuery({
    ...trpc.messages.list.queryOptions({ labId: lab.id, ...apiFilters, cursor: filters.cursor ?? undefined, limit: PAGE_SIZE }),
    refetchInterval: REFRESH_MS,
    placeholderData: (data) => data,
  });
  const errors = formErrorsOf(list.error, FILTER_FIELDS);
  const href = (m: TMessage) => `/labs/${encodeURIComponent(lab.id)}/messages/${encodeURIComponent(m.id)}`;
  const columns: ColumnDef<TMessage>[] = [
    {
      id: "createdAt",
      header: t("created"),
      cell: ({ row }) => (
        <Link href={href(row.original)} className={`text-sky-800 underline-offset-2 hover:underline ${focusRing}`}>
          {format.dateTime(row.original.createdAt, "dateTime")}
        </Link>
      ),
    },
    {
      id: "recipient",
      header: t("recipient"),
      cell: ({ row }) => (
        <>
          {row.original.to ? (
            <span className="block font-mono text-xs" dir="ltr">
              {row.original.to}
            </span>
          ) : (
            // A skipped message may never have had an address; only a redacted one lost it.
            <span className="block text-xs text-slate-500">{row.original.redactedAt ? t("redacted") : t("none")}</span>
          )}
          {row.original.contact?.externalId && <span className="block text-xs text-slate-500">{row.original.contact.externalId}</span>}
        </>
      ),
    },
    { id: "trigger", header: t("trigger"), cell: ({ row }) => <TriggerLabel triggerKey={row.original.triggerKey} /> },
    { id: "channel", header: t("channel"), cell: ({ row }) => tc(row.original.channel) },
    {
      id: "status",
      header: t("status"),
      cell: ({ row }) => (
        <>
          <StatusBadge status={row.original.status} />
          {row.original.skipReason !== null && (
            <span className="mt-1 block text-xs">
              <SkipReason reason={row.original.skipReason} compact />
            </span>
          )}
        </>
      ),
    },
    { id: "provider", header: t("provider"), cell: ({ row }) => row.original.provider ?? t("none") },
    {
      id: "cost",
      header: t("cost"),
      cell: ({ row }) =>
        row.original.cost && row.original.currency
          ? format.number(Number(row.original.cost), { style: "currency", currency: row.original.currency, maximumFractionDigits: 4 })
          : t("none"),
    },
  ];
  const table = useReactTable({ data: list.data?.items ?? [], columns, getCoreRowModel: getCoreRowModel() });
  const next = list.data?.nextCursor ?? null;
  return (
    <div className="space-y-4">
      <MessageFiltersForm key={filterKey} errors={errors.fields} />
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {list.data ? t("shown", { count: list.data.items.length, page: previous.length + 1 }) : t("loading")}
        </p>
        <a
          href={`/api/labs/${encodeURIComponent(lab.id)}/messages/export?${exportQueryOf(apiFilters)}`}
          download
          className={`rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-xs hover:bg-slate-50 ${focusRing}`}
        >
          {t("export")}
        </a>
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs">
        <table className="w-full text-sm" data-testid="messages-table">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="border-b border-slate-200 text-xs text-slate-500">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-3 py-2 text-start font-medium">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.original.id} data-message-id={row.original.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {list.data?.items.length === 0 && <p className="px-3 py-6 text-center text-sm text-slate-500">{t("empty")}</p>}
      </div>
      <nav className="flex gap-2" aria-label={t("pages")}>
        <Button
          variant="secondary"
          disabled={previous.length === 0}
          onClick={() => {
            const back = previous.at(-1) ?? null;
            setPrevious((p) => p.slice(0, -1));
            void setFilters({ cursor: back });
          }}
        >
          {t("previous")}
        </Button>
        <Button
          variant="secondary"
          disabled={!next}
          onClick={() => {
            setPrevious((p) => [...p, filters.cursor]);
            void setFilters({ cursor: next });
          }}
        >
          {t("next")}
        </Button>
      </nav>
    </div>
  );
}
