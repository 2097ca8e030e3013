"use client";

import { useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { DatePicker } from "@/components/ui/date-picker";
import { controlClass } from "@/components/ui/styles";
import { PROVIDERS, STATUSES, useMessageFilters } from "@/components/messages/use-message-filters";

const FIELDS = ["status", "channel", "trigger", "to", "provider", "since", "until"] as const;
type TField = (typeof FIELDS)[number];

/** Filters applied together (not per keystroke); a server error shows by the field it names. */
export function MessageFiltersForm({ errors }: { errors: Record<string, string> }) {
  const t = useTranslations("messages.filters");
  const ts = useTranslations("messages.status");
  const tc = useTranslations("stats.filters.channels");
  const [filters, setFilters] = useMessageFilters();
  const [draft, setDraft] = useState<Record<TField, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, filters[f] ?? ""])) as Record<TField, string>);
  const set = (field: TField) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = Object.fromEntries(FIELDS.map((f) => [f, draft[f] === "" ? null : draft[f]]));
    void setFilters({ ...next, cursor: null } as Parameters<typeof setFilters>[0]);
  };
  const clear = () => {
    setDraft(Object.fromEntries(FIELDS.map((f) => [f, ""])) as Record<TField, string>);
    void setFilters(Object.fromEntries([...FIELDS, "cursor"].map((f) => [f, null])) as Parameters<typeof setFilters>[0]);
  };
  const field = (name: TField, control: React.ReactNode) => (
    <div className="text-sm">
      <label id={`filter-${name}-label`} htmlFor={`filter-${name}`} className="mb-1 block font-medium text-slate-700">
        {t(name)}
      </label>
      {control}
      {errors[name] && (
        <p id={`filter-${name}-error`} className="mt-1 text-xs text-red-700">
          {errors[name]}
        </p>
      )}
    </div>
  );
  const datePickerAria = (name: TField) => ({ id: `filter-${name}`, invalid: Boolean(errors[name]), describedBy: errors[name] ? `filter-${name}-error` : undefined });
  const aria = (name: TField) => ({ id: `filter-${name}`, "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `filter-${name}-error` : undefined });
  return (
    <form onSubmit={apply} className="grid grid-cols-2 items-end gap-3 md:grid-cols-4 lg:grid-cols-7" aria-label={t("label")}>
      {field(
        "status",
        <select {...aria("status")} className={controlClass} value={draft.status} onChange={set("status")}>
          <option value="">{t("any")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {ts(s)}
            </option>
          ))}
        </select>,
      )}
      {field(
        "channel",
        <select {...aria("channel")} className={controlClass} value={draft.channel} onChange={set("channel")}>
          <option value="">{t("any")}</option>
          {(["SMS", "WHATSAPP", "EMAIL"] as const).map((c) => (
            <option key={c} value={c}>
              {tc(c)}
            </option>
          ))}
        </select>,
      )}
      {field("trigger", <input {...aria("trigger")} className={controlClass} value={draft.trigger} onChange={set("trigger")} dir="ltr" />)}
      {field("to", <input {...aria("to")} className={controlClass} value={draft.to} onChange={set("to")} dir="ltr" />)}
      {field(
        "provider",
        <select {...aria("provider")} className={controlClass} value={draft.provider} onChange={set("provider")}>
          <option value="">{t("any")}</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>,
      )}
      {field("since", <DatePicker {...datePickerAria("since")} value={draft.since} onChange={(since) => setDraft((d) => ({ ...d, since }))} />)}
      {field("until", <DatePicker {...datePickerAria("until")} value={draft.until} onChange={(until) => setDraft((d) => ({ ...d, until }))} />)}
      <div className="col-span-full flex gap-2">
        <Button type="submit">{t("apply")}</Button>
        <Button variant="secondary" onClick={clear}>
          {t("clear")}
        </Button>
      </div>
    </form>
  );
}
