"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConsentHistory } from "@/components/contacts/consent-history";
import { ConsentPanel } from "@/components/contacts/consent-panel";
import { ContactMessages } from "@/components/contacts/contact-messages";
import { ContactSuppressions } from "@/components/contacts/contact-suppressions";
import { useAuditText } from "@/components/audit/audit-values";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { focusRing } from "@/components/ui/styles";

/** Everything Herald knows about one contact: who they are, what they agreed to, what blocks them, what they were sent. */
export function ContactDetails({ contactId }: { contactId: string }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("contacts.details");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const format = useDateFormat();
  const words = useAuditText();
  const contact = useQuery(trpc.contacts.get.queryOptions({ labId: lab.id, contactId }));

  const back = (
    <Link href={`/labs/${encodeURIComponent(lab.id)}/contacts`} className={`text-sm font-medium text-sky-800 hover:underline ${focusRing}`}>
      <span aria-hidden className="inline-block rtl:rotate-180">←</span> {t("back")}
    </Link>
  );
  if (contact.isPending) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (contact.isError) return <div className="space-y-4">{back}<Notice tone="error">{messageOf(contact.error)}</Notice></div>;
  const c = contact.data;
  const rows: [string, string | null, boolean][] = [
    [t("externalId"), c.externalId, true],
    [t("phone"), c.phone, true],
    [t("whatsapp"), c.whatsapp, true],
    [t("email"), c.email, true],
    [t("language"), c.language, false],
  ];

  return (
    <div className="space-y-6">
      {back}
      <div>
        <h2 className="text-xl font-semibold text-slate-900">{c.name ?? t("unnamed")}</h2>
        <p className="text-xs text-slate-500">{t("since", { date: format.dateTime(c.createdAt), updated: format.dateTime(c.updatedAt) })}</p>
      </div>
      <Panel id="contact-profile" title={t("profile")}>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
          {rows.map(([label, value, latin]) => (
            <div key={label}>
              <dt className="text-xs font-medium text-slate-500">{label}</dt>
              <dd className="text-sm text-slate-900" dir={latin && value ? "ltr" : undefined}>
                {value ?? tCommon("empty")}
              </dd>
            </div>
          ))}
        </dl>
      </Panel>
      <ConsentPanel contact={c} />
      <ConsentHistory contactId={c.id} />
      <Panel id="contact-preferences" title={t("preferences")} description={t("preferencesHint")}>
        {c.preferences.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noPreferences")}</p>
        ) : (
          <ul className="space-y-2">
            {c.preferences.map((p) => (
              <li key={p.category} className="text-sm text-slate-800">
                {t(p.optedOut ? "optedOut" : "optedIn", { category: words.value("category", p.category, "contact"), source: words.value("source", p.source, "contact"), date: format.dateTime(p.at) })}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <ContactSuppressions contactId={c.id} />
      <ContactMessages contactId={c.id} />
    </div>
  );
}
