"use client";

import { Fragment, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { focusRing } from "@/components/ui/styles";
import { useTriggerText } from "@/components/triggers/use-trigger-text";
import { SampleValues } from "@/components/templates/sample-values";
import { contentOfDraft, draftOf, problemsByField, sameDraft, type TChannel, type TDraft } from "@/components/templates/template-draft";
import { TemplateFields } from "@/components/templates/template-fields";
import { TemplatePreview } from "@/components/templates/template-preview";
import { useTemplatePreview } from "@/components/templates/use-template-preview";
import { VersionHistory } from "@/components/templates/version-history";
import { PARTNER_TEMPLATE_VARIABLES } from "@/server/domain/partners";
import { bindingVariables, catalogueHref, scalarVariables, servesAudience, type TAudience } from "@/components/templates/template-audience";

export type TLanguage = "en" | "ar" | "hi" | "ur" | "fr";
type TIdentity = { triggerKey: string; channel: TChannel; language: TLanguage; audience: TAudience };
type TTemplate = TRouterOutputs["templates"]["get"];
type TTrigger = TRouterOutputs["triggers"]["list"][number];

/** Loads what the lab uses for one trigger, channel, language and audience (its override, else the platform default) and opens it for editing. */
export function TemplateEditor(identity: TIdentity) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("templates.editor");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const list = useQuery(trpc.templates.list.queryOptions({ labId: lab.id, triggerKey: identity.triggerKey, channel: identity.channel, audience: identity.audience }));
  const triggers = useQuery(trpc.triggers.list.queryOptions({ labId: lab.id }));
  const entry = list.data?.find((e) => e.language === identity.language);
  const templateId = entry?.override?.templateId ?? entry?.platform?.templateId;
  const template = useQuery({ ...trpc.templates.get.queryOptions({ labId: lab.id, templateId: templateId ?? "" }), enabled: Boolean(templateId) });
  const trigger = triggers.data?.find((tr) => tr.key === identity.triggerKey);
  // Kept here: the form below starts afresh after a save, and the "saved" notice must outlive it.
  const [status, setStatus] = useState<string | null>(null);

  if (list.isError || triggers.isError) return <Notice tone="error">{messageOf(list.error ?? triggers.error)}</Notice>;
  if (!list.data || !triggers.data || (templateId && !template.data)) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (!trigger || !trigger.channels.some((c) => c.channel === identity.channel)) return <Notice tone="error">{t("notFound")}</Notice>;
  if (!servesAudience(trigger, identity.audience)) return <Notice tone="error">{t("notForPartners")}</Notice>;
  const loaded = template.data ?? null;
  // Keyed by version: a save or restore starts the form again from what is now current.
  return <EditorForm key={`${loaded?.id ?? "new"}:${loaded?.currentVersion ?? 0}`} identity={identity} trigger={trigger} template={loaded} status={status} setStatus={setStatus} />;
}

type TEditorFormProps = { identity: TIdentity; trigger: TTrigger; template: TTemplate | null; status: string | null; setStatus: (status: string | null) => void };

function EditorForm({ identity, trigger, template, status, setStatus }: TEditorFormProps) {
  const { messageOf, say } = useApiErrors();
  const t = useTranslations("templates.editor");
  const text = useTriggerText();
  const language = useTranslations("templates.languages");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const { channel, audience } = identity;
  const partner = audience === "PARTNER";
  const scalars = scalarVariables(trigger, audience);
  const override = template && !template.isPlatformDefault ? template : null;
  const initial = draftOf(template?.current);
  const [draft, setDraft] = useState<TDraft>(initial);
  const [samples, setSamples] = useState<Record<string, string>>({});
  const content = contentOfDraft(channel, draft);
  const preview = useTemplatePreview({ labId: lab.id, ...identity, content, variables: samples });
  const refresh = () => queryClient.invalidateQueries(trpc.templates.pathFilter());

  const onSaved = (result: { template: { currentVersion: number } }) => {
    setStatus(override && result.template.currentVersion === override.currentVersion ? t("unchanged") : t("saved", { version: result.template.currentVersion }));
    return refresh();
  };
  const create = useMutation(trpc.templates.createOverride.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.templates.update.mutationOptions({ onSuccess: onSaved }));
  const activate = useMutation(trpc.templates.activate.mutationOptions({ onSuccess: () => (setStatus(t("activated")), refresh()) }));
  const deactivate = useMutation(trpc.templates.deactivate.mutationOptions({ onSuccess: () => (setStatus(t("deactivated")), refresh()) }));
  const saveError = create.error ?? update.error;
  const saveCode = saveError?.data?.code ?? null;
  const saveIssues = saveError?.data?.zodIssues?.map((issue) => ({ field: issue.path.join("."), severity: "error" as const, message: say(issue, saveCode) })) ?? [];
  const liveProblems = (preview.data?.problems ?? []).map((problem) => ({ ...problem, message: say(problem, null) }));
  // The server's refusal of a save wins over the live check until the draft changes again.
  const problems = problemsByField(saveIssues.length > 0 ? saveIssues : liveProblems);
  const dirty = !sameDraft(channel, draft, initial);

  function change(next: TDraft) {
    setDraft(next);
    setStatus(null);
    create.reset();
    update.reset();
  }
  function save() {
    if (override) update.mutate({ labId: lab.id, templateId: override.id, content });
    else create.mutate({ labId: lab.id, ...identity, content });
  }

  const title = t(partner ? "titlePartner" : "title", { trigger: text.name(trigger), channel: text.channel(channel), language: language(identity.language) });
  return (
    <div className="space-y-6">
      <div>
        <Link href={catalogueHref(lab.id, audience)} className={`text-sm text-sky-800 hover:underline ${focusRing}`}>
          <span aria-hidden className="rtl:hidden">← </span>
          <span aria-hidden className="ltr:hidden">→ </span>
          {partner ? t("backPartner") : t("back")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          {override ? (
            <Badge tone={override.active ? "info" : "neutral"}>{override.active ? t("usesOverride", { version: override.currentVersion }) : t("overrideInactive")}</Badge>
          ) : (
            <span>{template ? t("usesPlatform") : t("noPlatform")}</span>
          )}
          {dirty && <Badge tone="danger">{t("unsaved")}</Badge>}
        </p>
      </div>
      {!lab.canAdminister && <Notice tone="info">{t("readOnly")}</Notice>}
      {status && <Notice tone="success">{status}</Notice>}
      {(problems.form || (saveError && saveIssues.length === 0)) && (
        <Notice tone="error" title={t("problemsTitle")}>
          {problems.form?.map((p) => <p key={p.message}>{p.message}</p>)}
          {saveError && saveIssues.length === 0 && <p>{messageOf(saveError)}</p>}
        </Notice>
      )}
      <div className="grid gap-6 xl:grid-cols-2">
        <Panel
          id="template-content"
          title={t("contentTitle")}
          description={partner ? <PartnerVariables eventVariables={trigger.variables} /> : <VariableList intro={`${t("contentDescription", { example: "{{ patientName }}" })} ${t("variablesHint")}`} names={trigger.variables} />}
        >
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
            className="space-y-4"
          >
            <TemplateFields channel={channel} draft={draft} variables={bindingVariables(trigger, audience)} bindingHint={partner ? t("waEventVariablesHint") : undefined} problems={problems} disabled={!lab.canAdminister} onChange={change} />
            <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
              <Button type="submit" disabled={!lab.canAdminister || (override !== null && !dirty)} busy={create.isPending || update.isPending}>
                {override ? t("save") : t("saveOverride")}
              </Button>
              {override && (
                <Button
                  variant="secondary"
                  disabled={!lab.canAdminister}
                  busy={activate.isPending || deactivate.isPending}
                  onClick={() => (override.active ? deactivate : activate).mutate({ labId: lab.id, templateId: override.id })}
                >
                  {override.active ? t("deactivate") : t("activate")}
                </Button>
              )}
            </div>
            {(activate.error || deactivate.error) && <Notice tone="error">{messageOf(activate.error ?? deactivate.error)}</Notice>}
          </form>
        </Panel>
        <div className="space-y-6">
          <TemplatePreview preview={preview.data} updating={preview.pending} audience={audience} />
          <SampleValues names={scalars} values={scalarValues(preview.data?.variables)} overrides={samples} onChange={setSamples} />
        </div>
      </div>
      {template && (
        <VersionHistory labId={lab.id} templateId={template.id} currentVersion={template.currentVersion} canRestore={lab.canAdminister && override !== null} onRestored={setStatus} />
      )}
    </div>
  );
}

function VariableList({ intro, names }: { intro: string; names: readonly string[] }) {
  return (
    <>
      {intro}{" "}
      {/* A space after each name lets a long list wrap inside the panel. */}
      {names.map((name) => (
        <Fragment key={name}>
          <code dir="ltr" className="rounded bg-slate-100 px-1 font-mono text-xs">
            {name}
          </code>{" "}
        </Fragment>
      ))}
    </>
  );
}

// Liquid reads left to right whatever the page's language.
const EVENTS_LOOP = "{% for e in events %} … {% endfor %}";

/** A partner template reads the partner's values and a list of events, each with the trigger's own variables. */
function PartnerVariables({ eventVariables }: { eventVariables: string[] }) {
  const t = useTranslations("templates.editor");
  return (
    <>
      <span className="block">
        <VariableList intro={`${t("contentDescription", { example: "{{ partnerName }}" })} ${t("partnerVariablesHint")}`} names={PARTNER_TEMPLATE_VARIABLES} />
      </span>
      <span className="mt-1 block">
        {t("eventVariablesHint")}{" "}
        <code dir="ltr" className="rounded bg-slate-100 px-1 font-mono text-xs">{EVENTS_LOOP}</code>:{" "}
        <VariableList intro="" names={eventVariables.map((name) => `e.${name}`)} />
      </span>
    </>
  );
}

/** The sample values a field can show and edit; a partner digest's list of events is not one of them. */
function scalarValues(variables: Record<string, unknown> | undefined): Record<string, string | number> {
  return Object.fromEntries(Object.entries(variables ?? {}).filter((entry): entry is [string, string | number] => typeof entry[1] === "string" || typeof entry[1] === "number"));
}
