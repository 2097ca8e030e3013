"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Table } from "@/components/ui/table";
import { TriggerLabel } from "@/components/triggers/trigger-label";
import { SkipReason } from "@/components/messages/skip-reason";

/** What Herald sent (or skipped, and why) to this contact, newest first. */
export function ContactMessages({ contactId }: { contactId: string }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("contacts.messages");
  const tContacts = useTranslations("contacts");
  const tCommon = useTranslations("common");
  const tStatus = useTranslations("messages.status");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const format = useDateFormat();
  const pages = useCursorPages(contactId);
  const messages = useQuery(trpc.messages.list.queryOptions({ labId: lab.id, contactId, cursor: pages.cursor, limit: 10 }));
  return (
    <Panel id="contact-messages" title={t("title")}>
      {messages.isError && <Notice tone="error">{messageOf(messages.error)}</Notice>}
      {messages.data && messages.data.items.length === 0 && <p className="text-sm text-slate-500">{t("empty")}</p>}
      {messages.data && messages.data.items.length > 0 && (
        <Table columns={[t("when"), t("trigger"), t("channel"), t("to"), t("status")]}>
          {messages.data.items.map((m) => (
            <tr key={m.id}>
              <td className="text-slate-700">{format.dateTime(m.createdAt)}</td>
              <td>
                <TriggerLabel triggerKey={m.triggerKey} />
              </td>
              <td>{tContacts(`channels.${m.channel}`)}</td>
              <td dir="ltr"><span className="block text-start">{m.to ?? tCommon("empty")}</span></td>
              <td>
                {tStatus(m.status)}
                {m.skipReason && (
                  <span className="mt-0.5 block text-xs">
                    <SkipReason reason={m.skipReason} compact />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <CursorPager pages={pages} nextCursor={messages.data?.nextCursor} label={t("pages")} />
    </Panel>
  );
}
