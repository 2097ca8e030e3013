"use client";

import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { DateField, SelectField, TextField } from "@/components/ui/field";

/** The filters as they sit in the URL: every one a plain string, dates as YYYY-MM-DD in the viewer's own calendar. */
export const AUDIT_FILTERS = ["actor", "action", "target", "targetId", "from", "to"] as const;
export type TAuditFilterValues = Record<(typeof AUDIT_FILTERS)[number], string>;

/** Actions and target types Herald records today; the fields take any other too, as new ones appear. */
const KNOWN_ACTIONS = ["contact.consent", "contact.upsert", "lab.create", "lab.settings.update", "member", "suppression", "template", "trigger", "apiKey", "businessAccount"];
const KNOWN_TARGETS = ["contact", "lab", "membership", "invitation", "apiKey", "template", "trigger", "businessAccount", "suppression", "organization"];

type TAuditFiltersProps = { values: TAuditFilterValues; errors: Record<string, string>; onApply: (values: TAuditFilterValues) => void };

export function AuditFilters({ values, errors, onApply }: TAuditFiltersProps) {
  const t = useTranslations("audit.filters");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [draft, setDraft] = useState(values);
  const members = useQuery(trpc.members.list.queryOptions({ labId: lab.id }));
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ labId: lab.id }));
  const set = (name: keyof TAuditFilterValues) => (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(draft);
  }
  const clear = Object.fromEntries(AUDIT_FILTERS.map((f) => [f, ""])) as TAuditFilterValues;

  return (
    <form onSubmit={submit} aria-label={t("label")} className="grid grid-cols-1 gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-xs sm:grid-cols-3">
      <SelectField id="audit-actor" label={t("actor")} value={draft.actor} onChange={set("actor")} error={errors.actorId}>
        <option value="">{t("anyone")}</option>
        <option value="system">{t("system")}</option>
        {members.data?.members.map((m) => (
          <option key={m.user.id} value={m.user.id}>
            {m.user.name}
          </option>
        ))}
        {keys.data?.map((k) => (
          <option key={k.id} value={k.id}>
            {t("apiKey", { name: k.name })}
          </option>
        ))}
      </SelectField>
      <TextField id="audit-action" label={t("action")} hint={t("actionHint")} dir="ltr" list="audit-actions" value={draft.action} onChange={set("action")} error={errors.action} />
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <SelectField id="audit-target" label={t("target")} value={draft.target} onChange={set("target")} error={errors.targetType}>
        <option value="">{t("anyTarget")}</option>
        {KNOWN_TARGETS.map((target) => (
          <option key={target} value={target}>
            {t(`targets.${target}`)}
          </option>
        ))}
      </SelectField>
      <TextField id="audit-target-id" label={t("targetId")} dir="ltr" value={draft.targetId} onChange={set("targetId")} error={errors.targetId} />
      <DateField id="audit-from" label={t("from")} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} error={errors.since} />
      <DateField id="audit-to" label={t("to")} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} error={errors.until} />
      <div className="flex gap-2 sm:col-span-3">
        <Button type="submit">{t("apply")}</Button>
        <Button
          variant="secondary"
          onClick={() => {
            setDraft(clear);
            onApply(clear);
          }}
        >
          {t("clear")}
        </Button>
      </div>
    </form>
  );
}
