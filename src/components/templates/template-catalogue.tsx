"use client";

import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { CHANNELS } from "@/server/domain/notifications";
import { SUPPORTED_LANGUAGES } from "@/server/domain/lab-settings";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RowHeader, Table } from "@/components/ui/table";
import { focusRing } from "@/components/ui/styles";
import { useTriggerText } from "@/components/triggers/use-trigger-text";
import type { TChannel } from "@/components/templates/template-draft";
import { catalogueHref, editorHref, servesAudience, type TAudience } from "@/components/templates/template-audience";

type TEntry = TRouterOutputs["templates"]["list"][number];

// The platform ships these two; other languages show once a template exists in them.
const BASE_LANGUAGES = ["en", "ar"];

/**
 * Trigger x channel rows, a column per language: which template each uses, the lab's or the platform's,
 * for patients or for partners. Filters load only what they show.
 */
export function TemplateCatalogue({ audience }: { audience: TAudience }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("templates.catalogue");
  const language = useTranslations("templates.languages");
  const text = useTriggerText();
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [triggerKey, setTriggerKey] = useState("");
  const [channel, setChannel] = useState<TChannel | "">("");
  // Picking a language the platform has no template in is how a lab starts one of its own.
  const [only, setOnly] = useState("");
  const triggers = useQuery(trpc.triggers.list.queryOptions({ labId: lab.id }));
  const list = useQuery(trpc.templates.list.queryOptions({ labId: lab.id, triggerKey: triggerKey || undefined, channel: channel || undefined, audience }));
  const audienceTriggers = triggers.data?.filter((trigger) => servesAudience(trigger, audience));

  const languages = only ? [only] : [...new Set([...BASE_LANGUAGES, ...(list.data?.map((e) => e.language) ?? [])])];
  const rows = (audienceTriggers ?? [])
    .filter((trigger) => !triggerKey || trigger.key === triggerKey)
    .flatMap((trigger) => trigger.channels.filter((c) => !channel || c.channel === channel).map((c) => ({ trigger, channel: c.channel as TChannel })));
  const entryOf = (key: string, ch: string, lang: string) => list.data?.find((e) => e.triggerKey === key && e.channel === ch && e.language === lang);

  return (
    <Panel id="template-catalogue" title={t("title")} description={audience === "PARTNER" ? t("descriptionPartner") : t("description")}>
      <AudienceSwitch labId={lab.id} audience={audience} />
      <div className="mb-4 flex flex-col gap-4 sm:flex-row">
        <SelectField id="filter-trigger" label={t("filterTrigger")} value={triggerKey} onChange={(e) => setTriggerKey(e.target.value)} className="sm:w-64">
          <option value="">{t("all")}</option>
          {audienceTriggers?.map((trigger) => (
            <option key={trigger.key} value={trigger.key}>
              {text.name(trigger)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-channel" label={t("filterChannel")} value={channel} onChange={(e) => setChannel(e.target.value as TChannel | "")} className="sm:w-48">
          <option value="">{t("all")}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {text.channel(c)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-language" label={t("filterLanguage")} value={only} onChange={(e) => setOnly(e.target.value)} className="sm:w-48">
          <option value="">{t("all")}</option>
          {SUPPORTED_LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {language(lang)}
            </option>
          ))}
        </SelectField>
      </div>
      {(list.isPending || triggers.isPending) && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {(list.isError || triggers.isError) && <Notice tone="error">{messageOf(list.error ?? triggers.error)}</Notice>}
      {list.data && triggers.data && rows.length === 0 && <p className="text-sm text-slate-500">{t("empty")}</p>}
      {list.data && rows.length > 0 && (
        <Table columns={[t("trigger"), t("channel"), ...languages.map((lang) => (language.has(lang) ? language(lang as "en") : lang))]}>
          {rows.map(({ trigger, channel: ch }) => (
            <tr key={`${trigger.key}/${ch}`}>
              <RowHeader className="font-medium text-slate-900">{text.name(trigger)}</RowHeader>
              <td className="text-slate-700">{text.channel(ch)}</td>
              {languages.map((lang) => (
                <td key={lang}>
                  <Link
                    href={editorHref(lab.id, audience, trigger.key, ch, lang)}
                    aria-label={t(audience === "PARTNER" ? "openPartner" : "open", { trigger: text.name(trigger), channel: text.channel(ch), language: language.has(lang) ? language(lang as "en") : lang })}
                    className={`inline-block rounded-md hover:opacity-80 ${focusRing}`}
                  >
                    <State entry={entryOf(trigger.key, ch, lang)} />
                  </Link>
                </td>
              ))}
            </tr>
          ))}
        </Table>
      )}
    </Panel>
  );
}

/** Patients' templates or partners': two pages of one catalogue, each with its own address. */
function AudienceSwitch({ labId, audience }: { labId: string; audience: TAudience }) {
  const t = useTranslations("templates.catalogue");
  return (
    <nav aria-label={t("audience")} className="mb-4 inline-flex rounded-lg border border-slate-200 bg-slate-50 p-1 text-sm">
      {(["PATIENT", "PARTNER"] as const).map((value) => (
        <Link
          key={value}
          href={catalogueHref(labId, value)}
          aria-current={value === audience ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 font-medium ${focusRing} ${value === audience ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
        >
          {value === "PATIENT" ? t("forPatients") : t("forPartners")}
        </Link>
      ))}
    </nav>
  );
}

function State({ entry }: { entry: TEntry | undefined }) {
  const t = useTranslations("templates.catalogue");
  if (entry?.override?.active) return <Badge tone="info">{t("override", { version: entry.override.currentVersion })}</Badge>;
  if (entry?.override) return <Badge>{t("overrideOff")}</Badge>;
  if (entry?.platform) return <Badge tone="success">{t("platform", { version: entry.platform.currentVersion })}</Badge>;
  return <span className="text-slate-500">{t("none")}</span>;
}
