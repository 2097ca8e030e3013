"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

/** The do-not-contact entries on this contact's addresses: these block sending whatever the consent says. */
export function ContactSuppressions({ contactId }: { contactId: string }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("contacts.suppressions");
  const tContacts = useTranslations("contacts");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const format = useDateFormat();
  const entries = useQuery(trpc.contacts.suppressions.queryOptions({ labId: lab.id, contactId }));
  return (
    <Panel id="contact-suppressions" title={t("title")} description={t("description")}>
      {entries.isError && <Notice tone="error">{messageOf(entries.error)}</Notice>}
      {entries.data && entries.data.length === 0 && <p className="text-sm text-slate-500">{t("empty")}</p>}
      {entries.data && entries.data.length > 0 && (
        <ul className="space-y-2">
          {entries.data.map((entry) => (
            <li key={entry.id} className="text-sm text-slate-800">
              {t("entry", { channel: tContacts(`channels.${entry.channel}`), reason: t(`reasons.${entry.reason}`), date: format.dateTime(entry.createdAt) })}{" "}
              <span dir="ltr" className="text-slate-500">{entry.address}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
