"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { Notice } from "@/components/ui/notice";
import { sourceDirection } from "@/components/templates/template-draft";

type TVersionDiffProps = { labId: string; templateId: string; from: number; to: number };

/** Two versions side by side in one column: removed text struck through, added text underlined, field by field. */
export function VersionDiff({ labId, templateId, from, to }: TVersionDiffProps) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("templates.diff");
  const fieldName = useTranslations("templates.history.fields");
  const trpc = useTRPC();
  const diff = useQuery(trpc.templates.diff.queryOptions({ labId, templateId, from, to }));
  return (
    <section aria-labelledby="version-diff-title" className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h3 id="version-diff-title" className="text-sm font-semibold text-slate-900">
        {t("title", { from, to })}
      </h3>
      <p className="text-xs text-slate-500">{t("legend")}</p>
      {diff.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {diff.isError && <Notice tone="error">{messageOf(diff.error)}</Notice>}
      {diff.data && diff.data.fields.every((f) => !f.changed) && <p className="text-sm text-slate-700">{t("noChange")}</p>}
      {diff.data?.fields.map((field) => (
        <div key={field.field} data-testid={`diff-${field.field}`}>
          <p className="text-xs font-medium text-slate-600">
            {fieldName(field.field)}
            {!field.changed && <span className="text-slate-400"> · {t("unchanged")}</span>}
          </p>
          <pre
            {...sourceDirection(field.field === "html" || field.field.startsWith("wa"))}
            className="mt-1 max-h-72 overflow-auto rounded-md border border-slate-200 bg-white p-3 font-mono text-xs whitespace-pre-wrap text-slate-800"
          >
            {field.parts.map((part, index) => {
              const value = field.field === "waVariables" ? `${part.value}\n` : part.value;
              if (part.kind === "added") {
                return (
                  <ins key={index} className="bg-emerald-100 text-emerald-900 underline decoration-emerald-600">
                    <span className="sr-only">[{t("added")}] </span>
                    {value}
                  </ins>
                );
              }
              if (part.kind === "removed") {
                return (
                  <del key={index} className="bg-red-100 text-red-900 line-through decoration-red-600">
                    <span className="sr-only">[{t("removed")}] </span>
                    {value}
                  </del>
                );
              }
              return <span key={index}>{value}</span>;
            })}
          </pre>
        </div>
      ))}
    </section>
  );
}
