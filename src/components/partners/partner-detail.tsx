"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { focusRing } from "@/components/ui/styles";
import { EditPartnerForm } from "@/components/partners/edit-partner-form";
import { PartnerContactForm } from "@/components/partners/partner-contact-form";
import { PartnerRuleForm } from "@/components/partners/partner-rule-form";
import { usePartnerText } from "@/components/partners/use-partner-text";
import { catalogueHref } from "@/components/templates/template-audience";

/** One partner: who is told (contacts) and what they are told of (rules). */
export function PartnerDetail({ partnerId }: { partnerId: string }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("partners");
  const tTypes = useTranslations("partners.types");
  const tChannels = useTranslations("providerAccounts.channels");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const text = usePartnerText();
  const partner = useQuery(trpc.partners.get.queryOptions({ labId: lab.id, partnerId }));
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.partners.get.pathFilter()), queryClient.invalidateQueries(trpc.partners.list.pathFilter())]);
  const removeContact = useMutation(trpc.partners.removeContact.mutationOptions({ onSuccess: refresh }));
  const removeRule = useMutation(trpc.partners.removeRule.mutationOptions({ onSuccess: refresh }));
  const setActive = useMutation(trpc.partners.update.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const startEditing = () => {
    setEditing(true);
    setSaved(false);
  };
  const onEdited = async () => {
    await refresh();
    setSaved(true);
  };

  if (partner.isPending) return <p className="text-sm text-slate-500">{t("list.loading")}</p>;
  if (partner.isError) return <Notice tone="error">{messageOf(partner.error)}</Notice>;
  const p = partner.data;
  const channels = (list: string[]) => list.map((c) => tChannels(c as "SMS")).join(t("listSeparator"));

  return (
    <div className="space-y-6">
      <Panel
        id="partner-contacts"
        title={t("detail.title", { name: p.name })}
        description={t("detail.summary", { type: tTypes(p.type), externalId: p.externalId ?? t("detail.noExternalId"), timezone: p.timezone ? text.timeZone(p.timezone) : t("detail.labTimezone") })}
        actions={
          lab.canAdminister && (
            <span className="flex flex-wrap gap-2">
              {!editing && (
                <Button variant="secondary" size="sm" onClick={startEditing}>
                  {t("edit.button")}
                </Button>
              )}
              <Button variant="secondary" size="sm" busy={setActive.isPending} onClick={() => setActive.mutate({ labId: lab.id, partnerId, active: !p.active })}>
                {p.active ? t("detail.deactivate") : t("detail.activate")}
              </Button>
            </span>
          )
        }
      >
        {!p.active && (
          <div className="mb-4">
            <Notice tone="info" title={t("inactive")}>
              {t("detail.inactiveNotice")}
            </Notice>
          </div>
        )}
        {setActive.isError && (
          <div className="mb-4">
            <Notice tone="error">{messageOf(setActive.error)}</Notice>
          </div>
        )}
        {saved && <p role="status" className="mb-4 text-sm text-emerald-700">{t("edit.saved")}</p>}
        {editing && <EditPartnerForm partner={p} onSaved={onEdited} onClose={() => setEditing(false)} />}
        <h3 className="mb-2 text-sm font-semibold text-slate-900">{t("contacts.title")}</h3>
        {p.contacts.length === 0 && <p className="text-sm text-slate-500">{t("contacts.empty")}</p>}
        {p.contacts.length > 0 && (
          <table className="w-full text-start text-sm">
            <thead className="border-b border-slate-200 text-xs font-medium text-slate-500">
              <tr>
                <th scope="col" className="py-2 text-start">{t("contacts.name")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("contacts.addresses")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("contacts.channels")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("contacts.events")}</th>
                <th scope="col" className="py-2"><span className="sr-only">{t("contacts.actions")}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {p.contacts.map((link) => (
                <tr key={link.id}>
                  <td className="py-2 font-medium text-slate-900">
                    {link.contact.name}
                    {link.contact.language && <span className="ms-2 text-xs text-slate-500">{text.language(link.contact.language)}</span>}
                  </td>
                  <td className="px-3 py-2 text-slate-600" dir="ltr">
                    {[link.contact.phone, link.contact.email].filter(Boolean).join(" · ")}
                  </td>
                  <td className="px-3 py-2">{channels(link.channels)}</td>
                  <td className="px-3 py-2">{link.triggers.length === 0 ? t("contacts.allEvents") : link.triggers.map(text.triggerName).join(t("listSeparator"))}</td>
                  <td className="py-2 text-end">
                    {lab.canAdminister && (
                      <Button variant="secondary" size="sm" onClick={() => removeContact.mutate({ labId: lab.id, partnerId, partnerContactId: link.id })}>
                        {t("contacts.remove")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {lab.canAdminister && <PartnerContactForm partnerId={partnerId} onSaved={refresh} />}
      </Panel>

      <Panel
        id="partner-rules"
        title={t("rules.title")}
        description={t("rules.description")}
        actions={
          <Link href={catalogueHref(lab.id, "PARTNER")} className={`text-sm text-sky-800 hover:underline ${focusRing}`}>
            {t("rules.templates")}
          </Link>
        }
      >
        {p.rules.length === 0 && <p className="text-sm text-slate-500">{t("rules.empty")}</p>}
        <ul className="divide-y divide-slate-100">
          {p.rules.map((rule) => (
            <li key={rule.triggerKey} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
              <span className="font-medium text-slate-900">{text.triggerName(rule.triggerKey)}</span>
              <span className="flex flex-wrap items-center gap-2 text-slate-600">
                {channels(rule.channels)}
                <Badge tone={rule.delivery === "DIGEST" ? "info" : "neutral"}>
                  {rule.delivery === "IMMEDIATE"
                    ? t("rules.immediate")
                    : rule.digestAt
                      ? t("rules.digestAt", { time: rule.digestAt })
                      : t("rules.digestWindow", { minutes: rule.digestWindowMinutes ?? 0 })}
                </Badge>
                <Badge tone={rule.notifyPatient ? "success" : "neutral"}>{rule.notifyPatient ? t("rules.patientToo") : t("rules.partnerInforms")}</Badge>
              </span>
              {lab.canAdminister && (
                <Button variant="secondary" size="sm" onClick={() => removeRule.mutate({ labId: lab.id, partnerId, triggerKey: rule.triggerKey })}>
                  {t("rules.remove")}
                </Button>
              )}
            </li>
          ))}
        </ul>
        {lab.canAdminister && <PartnerRuleForm partnerId={partnerId} onSaved={refresh} />}
      </Panel>
    </div>
  );
}
