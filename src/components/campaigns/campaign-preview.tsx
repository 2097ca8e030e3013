"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import { type TCampaignView } from "@/components/campaigns/campaign-types";
import { useSkipExplanation } from "@/components/messages/skip-reason";
import { Panel } from "@/components/ui/panel";

/** The first rows' messages, rendered now; Arabic bodies read right to left whatever the page's direction. */
export function CampaignPreview({ campaign }: { campaign: TCampaignView }) {
  const t = useTranslations("campaigns.preview");
  const explainSkip = useSkipExplanation();
  const tChannels = useTranslations("providerAccounts.channels");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const preview = useQuery(trpc.campaigns.preview.queryOptions({ labId: lab.id, campaignId: campaign.id, limit: 3 }));
  return (
    <Panel id="campaign-preview" title={t("title")} description={t("description")}>
      {preview.isPending ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : !preview.data || preview.data.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ol className="space-y-4">
          {preview.data.map((row) => (
            <li key={row.rowNumber} className="space-y-2">
              <p className="text-sm font-medium text-slate-900">
                {t("row", { row: row.rowNumber + 1 })}
                {row.name && <span className="text-slate-500"> · {row.name}</span>}
              </p>
              <div className="grid gap-3 sm:grid-cols-2">
                {row.channels.map((message) => (
                  <article key={message.channel} className="rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="preview-message">
                    <p className="text-xs font-medium text-slate-500">
                      {tChannels(message.channel)}
                      {message.to && (
                        <>
                          {" · "}
                          <bdi dir="ltr">{t("to", { address: message.to })}</bdi>
                        </>
                      )}
                    </p>
                    {message.status === "skip" ? (
                      <p className="mt-1 text-amber-800">{t("skipped", { reason: explainSkip(message.reason ?? "").label })}</p>
                    ) : (
                      <div dir={message.language === "ar" || message.language === "ur" ? "rtl" : "ltr"} className="mt-1 space-y-1 text-slate-800">
                        {message.subject && <p className="font-semibold">{message.subject}</p>}
                        <p className="whitespace-pre-line">{message.body}</p>
                        {message.segments !== null && <p className="text-xs text-slate-500">{t("segments", { count: message.segments })}</p>}
                      </div>
                    )}
                  </article>
                ))}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
