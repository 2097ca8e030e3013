"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

const STATUSES = ["PENDING", "APPROVED", "EXPIRED", "MAX_ATTEMPTS_REACHED", "CANCELED"] as const;
const TONES = { pending: "info", approved: "success", expired: "neutral", max_attempts_reached: "danger", canceled: "neutral" } as const;
const PAGE = 25;

/** Recent challenges, newest first, a page at a time; recipients arrive masked from the server. */
export function OtpChallengeList() {
  const t = useTranslations("otp");
  const format = useFormatter();
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [status, setStatus] = useState<(typeof STATUSES)[number] | "">("");
  // The cursors of the pages before this one, so "previous" goes back without the server keeping state.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const list = useQuery(trpc.otp.list.queryOptions({ labId: lab.id, limit: PAGE, ...(status && { status }), ...(cursor && { cursor }) }));

  return (
    <Panel
      id="otp-challenges"
      title={t("list.title")}
      description={t("list.description")}
      actions={
        <label className="flex items-center gap-2 text-sm text-slate-700">
          {t("list.status")}
          <select
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              setCursors([undefined]);
            }}
          >
            <option value="">{t("list.all")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t(`status.${s.toLowerCase()}`)}</option>
            ))}
          </select>
        </label>
      }
    >
      {list.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {list.isError && <Notice tone="error">{messageOf(list.error)}</Notice>}
      {list.data?.items.length === 0 && <p className="text-sm text-slate-500">{t("list.empty")}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full text-start text-sm">
            <thead className="border-b border-slate-200 text-xs font-medium text-slate-500">
              <tr>
                <th scope="col" className="px-5 py-2 text-start">{t("list.recipient")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("list.purpose")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("list.statusColumn")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("list.channel")}</th>
                <th scope="col" className="px-3 py-2 text-end">{t("list.sends")}</th>
                <th scope="col" className="px-3 py-2 text-end">{t("list.checks")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("list.started")}</th>
                <th scope="col" className="px-5 py-2 text-start">{t("list.took")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data.items.map((c) => (
                <tr key={c.challengeId}>
                  <th scope="row" className="px-5 py-2 text-start font-mono font-normal" dir="ltr">{c.to}</th>
                  <td className="px-3 py-2">{c.purpose}</td>
                  <td className="px-3 py-2"><Badge tone={TONES[c.status]}>{t(`status.${c.status}`)}</Badge></td>
                  <td className="px-3 py-2">{t(`channel.${c.channel}`)}</td>
                  <td className="px-3 py-2 text-end">{format.number(c.sends)}</td>
                  <td className="px-3 py-2 text-end">{format.number(c.checks)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td className="px-5 py-2 whitespace-nowrap">
                    {c.endedAt ? t("list.seconds", { seconds: Math.round((c.endedAt.getTime() - c.createdAt.getTime()) / 1000) }) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t("list.pages")} className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t("list.previous")}
        </Button>
        <Button variant="secondary" disabled={!list.data?.nextCursor} onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>
          {t("list.next")}
        </Button>
      </nav>
    </Panel>
  );
}
