"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { RECIPIENT_FIELDS, type TCampaignView, type TMappingDraft } from "@/components/campaigns/campaign-types";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

const LANGUAGES = ["en", "ar", "hi", "ur", "fr"] as const;
type TChannel = "SMS" | "WHATSAPP" | "EMAIL";

/** Guesses a column for a field from its header (phone, mobile, جوال...), so a tidy file needs few choices. */
const GUESSES: Record<string, RegExp> = {
  externalId: /^(external.?id|patient.?id|mrn|id)$/i,
  name: /name|اسم/i,
  phone: /phone|mobile|جوال|هاتف/i,
  whatsapp: /whats/i,
  email: /mail|بريد/i,
  language: /^(lang|language|لغة)$/i,
};

function guessMapping(columns: string[], saved: unknown): TMappingDraft {
  if (saved && typeof saved === "object") return { ...(saved as TMappingDraft), variables: { ...(saved as Partial<TMappingDraft>).variables } };
  const draft: TMappingDraft = { variables: {} };
  for (const field of RECIPIENT_FIELDS) {
    const column = columns.find((c) => GUESSES[field]!.test(c) && !(field === "phone" && /whats/i.test(c)));
    if (column) draft[field] = column;
  }
  return draft;
}

/** A variable as templates write it. */
const variableLabel = (variable: string) => `{{ ${variable} }}`;

export function CampaignMappingForm({ campaign }: { campaign: TCampaignView }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("campaigns.mapping");
  const tChannels = useTranslations("providerAccounts.channels");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const triggers = useQuery(trpc.triggers.list.queryOptions({ labId: lab.id }));
  const [triggerKey, setTriggerKey] = useState(campaign.triggerKey ?? "");
  const [channels, setChannels] = useState<TChannel[]>(campaign.channels.length > 0 ? campaign.channels : []);
  const [language, setLanguage] = useState(campaign.language ?? "");
  const [mapping, setMapping] = useState<TMappingDraft>(() => guessMapping(campaign.columns, campaign.mapping));
  const trigger = triggers.data?.find((tr) => tr.key === triggerKey);
  const configure = useMutation(
    trpc.campaigns.configure.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.campaigns.pathFilter()),
    }),
  );
  const errors = formErrorsOf(configure.error, ["triggerKey", "channels", "language", "mapping"]);

  const chooseTrigger = (key: string) => {
    setTriggerKey(key);
    const next = triggers.data?.find((tr) => tr.key === key);
    if (!next) return;
    setChannels((current) => current.filter((c) => next.channels.some((nc) => nc.channel === c)));
    // Variables named like a column map themselves.
    setMapping((m) => ({ ...m, variables: Object.fromEntries(next.variables.flatMap((v) => { const column = m.variables[v] ?? campaign.columns.find((c) => c.toLowerCase() === v.toLowerCase()); return column ? [[v, column]] : []; })) }));
  };
  const submit = () => {
    const { variables, ...fields } = mapping;
    configure.mutate({
      labId: lab.id,
      campaignId: campaign.id,
      triggerKey,
      channels,
      ...(language && { language: language as (typeof LANGUAGES)[number] }),
      mapping: { ...Object.fromEntries(Object.entries(fields).filter(([, c]) => c)), variables: Object.fromEntries(Object.entries(variables).filter(([, c]) => c)) },
    });
  };
  const columnSelect = (id: string, label: string, value: string | undefined, onChange: (column: string | undefined) => void) => (
    <SelectField key={id} id={id} label={label} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{t("notMapped")}</option>
      {campaign.columns.map((column) => (
        <option key={column} value={column}>
          {column}
        </option>
      ))}
    </SelectField>
  );

  return (
    <Panel id="campaign-mapping" title={t("title")} description={t("description")}>
      <form
        noValidate
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        {errors.fields.mapping && <Notice tone="error">{errors.fields.mapping}</Notice>}
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField id="campaign-trigger" label={t("trigger")} value={triggerKey} onChange={(e) => chooseTrigger(e.target.value)} error={errors.fields.triggerKey}>
            <option value="">{t("chooseTrigger")}</option>
            {triggers.data?.map((tr) => (
              <option key={tr.key} value={tr.key}>
                {tr.name}
              </option>
            ))}
          </SelectField>
          <fieldset>
            <legend className="mb-1.5 block text-sm font-medium text-slate-800">{t("channels")}</legend>
            <div className="flex flex-wrap gap-4 pt-1.5">
              {(trigger?.channels ?? []).map(({ channel }) => (
                <label key={channel} className="inline-flex items-center gap-2 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    checked={channels.includes(channel)}
                    onChange={(e) => setChannels((current) => (e.target.checked ? [...current, channel] : current.filter((c) => c !== channel)))}
                  />
                  {tChannels(channel)}
                </label>
              ))}
            </div>
            {errors.fields.channels && <p className="mt-1 text-sm text-red-700">{errors.fields.channels}</p>}
          </fieldset>
          <SelectField id="campaign-language" label={t("language")} value={language} onChange={(e) => setLanguage(e.target.value)} error={errors.fields.language}>
            <option value="">{t("contactLanguage")}</option>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {new Intl.DisplayNames([code], { type: "language" }).of(code)}
              </option>
            ))}
          </SelectField>
        </div>
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">{t("recipient")}</h3>
          <div className="grid gap-4 sm:grid-cols-3">
            {RECIPIENT_FIELDS.map((field) => columnSelect(`map-${field}`, t(`fields.${field}`), mapping[field], (column) => setMapping((m) => ({ ...m, [field]: column }))))}
          </div>
        </div>
        {trigger && trigger.variables.length > 0 && (
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">{t("variables")}</h3>
            <div className="grid gap-4 sm:grid-cols-3">
              {trigger.variables.map((variable) =>
                columnSelect(`map-var-${variable}`, variableLabel(variable), mapping.variables[variable], (column) =>
                  setMapping((m) => ({ ...m, variables: { ...m.variables, [variable]: column ?? "" } })),
                ),
              )}
            </div>
          </div>
        )}
        <Button type="submit" busy={configure.isPending}>
          {configure.isPending ? t("checking") : t("submit")}
        </Button>
      </form>
    </Panel>
  );
}
