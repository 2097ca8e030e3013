"use client";

import { useState } from "react";
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import { focusRing } from "@/components/ui/styles";

/** The counts every breakdown row carries (see TStatCounts on the server). */
export type TBreakdownRow = { key: string; label: string; sublabel?: string; total: number; sent: number; delivered: number; failed: number; skipped: number; deliveredRate: number | null; failureRate: number | null };

/** A sortable table of counts and rates per trigger, provider, account or lab. */
export function BreakdownTable({ rows, keyLabel, caption, testId }: { rows: TBreakdownRow[]; keyLabel: string; caption: string; testId?: string }) {
  const t = useTranslations("stats.breakdown");
  const format = useFormatter();
  const [sorting, setSorting] = useState<SortingState>([{ id: "total", desc: true }]);
  const percent = (rate: number | null) => (rate === null ? t("none") : format.number(rate, { style: "percent", maximumFractionDigits: 1 }));
  const count = (n: number) => format.number(n);
  const columns: ColumnDef<TBreakdownRow>[] = [
    {
      id: "label",
      accessorKey: "label",
      header: keyLabel,
      cell: ({ row }) => (
        <>
          <span className="block font-medium text-slate-900">{row.original.label}</span>
          {row.original.sublabel && <span className="block text-xs text-slate-500">{row.original.sublabel}</span>}
        </>
      ),
    },
    { id: "total", accessorKey: "total", header: t("total"), cell: ({ getValue }) => count(getValue<number>()) },
    { id: "sent", accessorKey: "sent", header: t("sent"), cell: ({ getValue }) => count(getValue<number>()) },
    { id: "delivered", accessorKey: "delivered", header: t("delivered"), cell: ({ getValue }) => count(getValue<number>()) },
    { id: "failed", accessorKey: "failed", header: t("failed"), cell: ({ getValue }) => count(getValue<number>()) },
    { id: "skipped", accessorKey: "skipped", header: t("skipped"), cell: ({ getValue }) => count(getValue<number>()) },
    { id: "deliveredRate", accessorFn: (r) => r.deliveredRate ?? -1, header: t("deliveredRate"), cell: ({ row }) => percent(row.original.deliveredRate) },
    { id: "failureRate", accessorFn: (r) => r.failureRate ?? -1, header: t("failureRate"), cell: ({ row }) => percent(row.original.failureRate) },
  ];
  const table = useReactTable({ data: rows, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t("empty")}</p>;
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"} className="px-3 py-2 text-start font-medium first:ps-5">
                    <button type="button" onClick={header.column.getToggleSortingHandler()} className={`inline-flex items-center gap-1 rounded ${focusRing}`}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.original.key}>
              {row.getVisibleCells().map((cell, i) =>
                i === 0 ? (
                  <th key={cell.id} scope="row" className="px-3 py-2 text-start font-normal ps-5">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </th>
                ) : (
                  <td key={cell.id} className="px-3 py-2 tabular-nums">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
