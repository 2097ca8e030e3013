"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RowHeader, Table } from "@/components/ui/table";

const STATUSES = ["PENDING", "APPROVED", "EXPIRED", "MAX_ATTEMPTS_REACHED", "CANCELED"] as const;
const TONES = { pending: "info", approved: "success", expired: "neutral", max_attempts_reached: "danger", canceled: "neutral" } as const;
const PAGE = 25;

/** Recent challenges, newest first, a page at a time; recipients arrive masked from the server. */
export function OtpChallengeList() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("otp");
  const format = useFormatter();
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [status, setStatus] = useState<(typeof STATUSES)[number] | "">("");
  const pages = useCursorPages(status);
  const cursor = pages.cursor;
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
            onChange={(e) => setStatus(e.target.value as typeof status)}
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
        <Table
          columns={[
            t("list.recipient"),
            t("list.purpose"),
            t("list.statusColumn"),
            t("list.channel"),
            { label: t("list.sends"), align: "end" },
            { label: t("list.checks"), align: "end" },
            t("list.started"),
            t("list.took"),
          ]}
        >
          {list.data.items.map((c) => (
            <tr key={c.challengeId}>
              <RowHeader className="font-mono font-normal">
                <span dir="ltr">{c.to}</span>
              </RowHeader>
              <td>{c.purpose}</td>
              <td>
                <Badge tone={TONES[c.status]}>{t(`status.${c.status}`)}</Badge>
              </td>
              <td>{t(`channel.${c.channel}`)}</td>
              <td className="text-end">{format.number(c.sends)}</td>
              <td className="text-end">{format.number(c.checks)}</td>
              <td className="whitespace-nowrap">{format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
              <td className="whitespace-nowrap">
                {c.endedAt ? t("list.seconds", { seconds: Math.round((c.endedAt.getTime() - c.createdAt.getTime()) / 1000) }) : "—"}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} label={t("list.pages")} />
    </Panel>
  );
}
