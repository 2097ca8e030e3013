import type { ReactNode } from "react";

/** A column heading: its text, and where its cells' content sits (numbers at the end, choices in the centre). */
export type TColumn = string | { label: string; align?: "start" | "center" | "end"; hidden?: boolean };

const ALIGN = { start: "text-start", center: "text-center", end: "text-end" } as const;

// Every cell's padding is the table's, so no list repeats it: the first and last line up with the panel's text.
const CELLS =
  "[&_td]:px-2 [&_th]:px-2 [&_td]:py-2 [&_th]:py-2 [&_td:first-child]:ps-5 [&_th:first-child]:ps-5 [&_td:last-child]:pe-5 [&_th:last-child]:pe-5";

/**
 * A full-width table inside a Panel, scrolling sideways on narrow screens; headings read at the
 * start of each column (or where `align` says). A column with `hidden` is named for screen
 * readers only, as a column of row actions is.
 */
export function Table({ columns, children }: { columns: readonly (TColumn | false)[]; children: ReactNode }) {
  const shown = columns.filter((column): column is TColumn => column !== false).map((c) => (typeof c === "string" ? { label: c } : c));
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className={`w-full text-sm ${CELLS}`}>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            {shown.map((column) => (
              <th key={column.label} scope="col" className={`font-medium ${ALIGN[column.align ?? "start"]}`}>
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">{children}</tbody>
      </table>
    </div>
  );
}

/** The cell that names its row (an address, a key, a version), read out before each of the row's cells. */
export function RowHeader({ children, className = "font-normal" }: { children: ReactNode; className?: string }) {
  return (
    <th scope="row" className={`text-start ${className}`}>
      {children}
    </th>
  );
}
