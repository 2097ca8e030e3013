"use client";

import { useTranslations } from "next-intl";
import { useAuditText } from "@/components/audit/audit-values";

type TChange = { from: unknown; to: unknown };

const isChange = (value: unknown): value is TChange => typeof value === "object" && value !== null && "from" in value && "to" in value;
const isGroup = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value) && !isChange(value);

/**
 * An entry's diff field by field: "from → to" for a change, the value alone for a fact recorded
 * with it, a group of fields nested. Field names and known values are in the viewer's language.
 */
export function AuditDiff({ diff, targetType }: { diff: unknown; targetType: string }) {
  const t = useTranslations("audit");
  if (!isGroup(diff) || Object.keys(diff).length === 0) return <span className="text-slate-400">{t("noDiff")}</span>;
  return <RecordedFields fields={diff} targetType={targetType} />;
}

/** Recorded fields as a list of names and values in the viewer's language (an audit diff, a timeline event's detail). */
export function RecordedFields({ fields, targetType }: { fields: Record<string, unknown>; targetType: string }) {
  const text = useAuditText();
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
      {Object.entries(fields).map(([field, value]) => (
        <div key={field} className="contents" data-field={field}>
          <dt className="font-medium text-slate-500">{text.field(field)}</dt>
          <dd className="break-words text-slate-900">
            {isChange(value) ? (
              <>
                <del className="text-red-700">
                  <bdi>{text.value(field, value.from, targetType)}</bdi>
                </del>{" "}
                {/* From the old value to the new in reading order: the arrow points left in right-to-left text. */}
                <span aria-hidden className="inline-block rtl:-scale-x-100">
                  →
                </span>{" "}
                <ins className="text-emerald-800 no-underline">
                  <bdi>{text.value(field, value.to, targetType)}</bdi>
                </ins>
              </>
            ) : isGroup(value) ? (
              <RecordedFields fields={value} targetType={targetType} />
            ) : (
              <bdi>{text.value(field, value, targetType)}</bdi>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
