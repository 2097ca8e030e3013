"use client";

import { useTranslations } from "next-intl";

type TChange = { from: unknown; to: unknown };

const isChange = (value: unknown): value is TChange => typeof value === "object" && value !== null && "from" in value && "to" in value;
const show = (value: unknown) => (value === null || value === undefined ? "∅" : typeof value === "string" ? value : JSON.stringify(value));

/** An entry's diff field by field: "from -> to" for a change, the value alone for a fact recorded with it. */
export function AuditDiff({ diff }: { diff: unknown }) {
  const t = useTranslations("audit");
  if (typeof diff !== "object" || diff === null || Object.keys(diff).length === 0) return <span className="text-slate-400">{t("noDiff")}</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs" dir="ltr">
      {Object.entries(diff as Record<string, unknown>).map(([field, value]) => (
        <div key={field} className="contents">
          <dt className="font-medium text-slate-500">{field}</dt>
          <dd className="break-all text-slate-900">
            {isChange(value) ? (
              <>
                <del className="text-red-700">{show(value.from)}</del> <span aria-hidden>→</span> <ins className="text-emerald-800 no-underline">{show(value.to)}</ins>
              </>
            ) : (
              show(value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
