"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConsentBadge } from "@/components/contacts/consent-badge";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { useAuditText } from "@/components/audit/audit-values";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

type TContact = TRouterOutputs["contacts"]["get"];
const CHANNELS = ["SMS", "WHATSAPP", "EMAIL"] as const;
/** How staff learn of a patient's wish; stored as the consent's source. */
const SOURCES = ["front-desk", "phone-call", "paper-form", "patient-email"] as const;

/** Consent per channel; admins record a change the patient asked for (audited, and it holds for messages already scheduled). */
export function ConsentPanel({ contact }: { contact: TContact }) {
  const t = useTranslations("contacts.consent");
  const lab = useCurrentLab();
  return (
    <Panel id="contact-consent" title={t("title")} description={t("description")}>
      {!lab.canAdminister && (
        <Notice tone="info" className="mb-4">
          {t("readOnly")}
        </Notice>
      )}
      <ul className="-mx-5 divide-y divide-slate-100">
        {CHANNELS.map((channel) => (
          <ConsentRow key={channel} contact={contact} channel={channel} />
        ))}
      </ul>
    </Panel>
  );
}

function ConsentRow({ contact, channel }: { contact: TContact; channel: (typeof CHANNELS)[number] }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("contacts.consent");
  const tContacts = useTranslations("contacts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const format = useDateFormat();
  const words = useAuditText();
  const [source, setSource] = useState<(typeof SOURCES)[number]>("front-desk");
  const consent = contact.consents.find((c) => c.channel === channel);
  const withdrawn = consent?.status === "WITHDRAWN";
  const update = useMutation(
    trpc.contacts.updateConsent.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.contacts.pathFilter()), queryClient.invalidateQueries(trpc.audit.pathFilter())]),
    }),
  );
  const errors = formErrorsOf(update.error, ["source", "status", "channel"]);
  const id = `consent-${channel.toLowerCase()}`;

  return (
    <li className="flex flex-wrap items-start gap-x-6 gap-y-3 px-5 py-3" aria-labelledby={`${id}-name`}>
      <div className="min-w-40 flex-1">
        <p id={`${id}-name`} className="text-sm font-medium text-slate-900">
          {tContacts(`channels.${channel}`)}
        </p>
        <div className="mt-1">
          {consent ? <ConsentBadge channel={channel} status={consent.status} /> : <span className="text-xs text-slate-500">{t("notRecorded")}</span>}
        </div>
        {consent && <p className="mt-1 text-xs text-slate-500">{t("recorded", { source: words.value("source", consent.source, "contact"), date: format.dateTime(consent.at) })}</p>}
      </div>
      <form
        className="flex flex-wrap items-start gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ labId: lab.id, contactId: contact.id, channel, status: withdrawn ? "GRANTED" : "WITHDRAWN", source });
        }}
      >
        <SelectField id={`${id}-source`} label={t("source")} value={source} disabled={!lab.canAdminister} onChange={(e) => setSource(e.target.value as (typeof SOURCES)[number])} error={errors.fields.source} className="w-44">
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`sources.${s}`)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant={withdrawn ? "secondary" : "danger"} size="sm" busy={update.isPending} disabled={!lab.canAdminister} className="mt-7">
          {withdrawn ? t("grant", { channel: tContacts(`channels.${channel}`) }) : t("withdraw", { channel: tContacts(`channels.${channel}`) })}
        </Button>
      </form>
      {(errors.form ?? errors.fields.status ?? errors.fields.channel) && (
        <Notice tone="error" className="w-full">
          {errors.form ?? errors.fields.status ?? errors.fields.channel}
        </Notice>
      )}
      {update.isSuccess && (
        <p role="status" className="w-full text-xs text-emerald-700">
          {t("saved")}
        </p>
      )}
    </li>
  );
}
