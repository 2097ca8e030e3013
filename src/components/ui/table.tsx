import type { ReactNode } from "react";

/** A full-width table inside a Panel, scrolling sideways on narrow screens; headings read at the start of each column. */
export function Table({ columns, children }: { columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            {columns.map((column, i) => (
              <th key={column} scope="col" className={`py-2 text-start font-medium ${i === 0 ? "ps-5 pe-2" : i === columns.length - 1 ? "ps-2 pe-5" : "px-2"}`}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">{children}</tbody>
      </table>
    </div>
  );
}
