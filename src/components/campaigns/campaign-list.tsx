"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import { CampaignStatusBadge } from "@/components/campaigns/campaign-status-badge";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { useDateFormat } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Table } from "@/components/ui/table";

export function CampaignList() {
  const t = useTranslations("campaigns.list");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const pages = useCursorPages(lab.id);
  const { dateTime } = useDateFormat();
  const list = useQuery(trpc.campaigns.list.queryOptions({ labId: lab.id, cursor: pages.cursor, limit: 25 }));
  return (
    <Panel id="campaign-list" title={t("title")} description={t("description")}>
      {list.isPending ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : !list.data || list.data.items.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <>
          <Table columns={[t("name"), t("status"), t("rows"), t("created")]}>
            {list.data.items.map((campaign) => (
              <tr key={campaign.id}>
                <td className="py-2 ps-5 pe-2">
                  <Link className="font-medium text-sky-800 hover:underline" href={`/labs/${encodeURIComponent(lab.id)}/campaigns/${encodeURIComponent(campaign.id)}`}>
                    {campaign.name}
                  </Link>
                </td>
                <td className="px-2 py-2">
                  <CampaignStatusBadge status={campaign.status} />
                </td>
                <td className="px-2 py-2 tabular-nums">{campaign.rowCount.toLocaleString()}</td>
                <td className="py-2 ps-2 pe-5 text-slate-600">{dateTime(campaign.createdAt)}</td>
              </tr>
            ))}
          </Table>
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} label={t("more")} />
        </>
      )}
    </Panel>
  );
}
