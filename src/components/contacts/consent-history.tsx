"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ActorName } from "@/components/audit/actor-name";
import { useAuditText } from "@/components/audit/audit-values";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Table } from "@/components/ui/table";

/** Every consent change, newest first: when it took effect, how, and who recorded it. */
export function ConsentHistory({ contactId }: { contactId: string }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("contacts.history");
  const tContacts = useTranslations("contacts");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const format = useDateFormat();
  const words = useAuditText();
  const pages = useCursorPages(contactId);
  const history = useQuery(trpc.contacts.consentHistory.queryOptions({ labId: lab.id, contactId, cursor: pages.cursor, limit: 10 }));
  const status = (s: string | null) => (s ? tContacts(`status.${s}`) : tCommon("empty"));

  return (
    <Panel id="consent-history" title={t("title")}>
      {history.isError && <Notice tone="error">{messageOf(history.error)}</Notice>}
      {history.data && history.data.items.length === 0 && <p className="text-sm text-slate-500">{t("empty")}</p>}
      {history.data && history.data.items.length > 0 && (
        <Table columns={[t("when"), t("channel"), t("change"), t("how"), t("who")]}>
          {history.data.items.map((entry) => (
            <tr key={entry.id}>
              <td className="text-slate-700">
                {format.dateTime(entry.at)}
                {entry.at.getTime() !== entry.recordedAt.getTime() && <span className="block text-xs text-slate-400">{t("recordedAt", { date: format.dateTime(entry.recordedAt) })}</span>}
              </td>
              <td>{entry.channel ? tContacts(`channels.${entry.channel}`) : tCommon("empty")}</td>
              <td>{t("fromTo", { from: status(entry.from), to: status(entry.to) })}</td>
              <td>
                <bdi>{entry.source ? words.value("source", entry.source, "contact") : tCommon("empty")}</bdi>
              </td>
              <td>
                <ActorName actor={entry.actor} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <CursorPager pages={pages} nextCursor={history.data?.nextCursor} label={t("pages")} />
    </Panel>
  );
}
