"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import { type TCampaignSummaryView, type TCampaignView } from "@/components/campaigns/campaign-types";
import { useSkipExplanation } from "@/components/messages/skip-reason";
import { StatCard } from "@/components/stats/stat-card";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Table } from "@/components/ui/table";

const SHOWN_ERRORS = 50;

/** The counts of the last validation, the first rejected rows with their problems, and the full list as CSV. */
export function CampaignValidation({ campaign }: { campaign: TCampaignView }) {
  const t = useTranslations("campaigns.validation");
  const explainSkip = useSkipExplanation();
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const summary = campaign.summary as TCampaignSummaryView;
  const errors = useQuery(trpc.campaigns.errors.queryOptions({ labId: lab.id, campaignId: campaign.id, limit: SHOWN_ERRORS }, { enabled: summary.rejected > 0 }));
  const reasons = Object.entries(summary.skipReasons).sort(([, a], [, b]) => b - a);
  return (
    <Panel id="campaign-validation" title={t("title")} description={t("description")}>
      <div className="space-y-5">
        {summary.warnings.length > 0 && <Notice tone="warning">{t("warning", { warnings: summary.warnings.map((w) => explainSkip(w).label).join(", ") })}</Notice>}
        <dl className="grid gap-3 sm:grid-cols-4">
          <StatCard label={t("ready")} value={summary.ready.toLocaleString()} />
          <StatCard label={t("skipped")} value={summary.skipped.toLocaleString()} />
          <StatCard label={t("rejected")} value={summary.rejected.toLocaleString()} />
          <StatCard label={t("wouldSend")} value={summary.wouldSend.toLocaleString()} />
        </dl>
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">{t("skipReasons")}</h3>
          {reasons.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noSkips")}</p>
          ) : (
            <ul className="space-y-1 text-sm text-slate-700" data-testid="skip-reasons">
              {reasons.map(([reason, count]) => {
                const skip = explainSkip(reason);
                return (
                  <li key={reason} className="flex justify-between gap-4 sm:w-96">
                    <span title={skip.what ?? undefined}>{skip.label}</span>
                    <span className="tabular-nums">{count.toLocaleString()}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        {summary.rejected > 0 && (
          <div className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-3">
              <div>
                <h3 className="text-sm font-semibold text-slate-900">{t("errorsTitle")}</h3>
                <p className="text-sm text-slate-500">{t("errorsDescription", { shown: Math.min(SHOWN_ERRORS, summary.rejected), total: summary.rejected })}</p>
              </div>
              <a className="text-sm font-medium text-sky-800 hover:underline" href={`/api/labs/${encodeURIComponent(lab.id)}/campaigns/${encodeURIComponent(campaign.id)}/errors`} download>
                {t("downloadErrors")}
              </a>
            </div>
            <Table columns={[t("line"), t("column"), t("problem")]}>
              {errors.data?.flatMap((row) =>
                row.errors.map((error, i) => (
                  <tr key={`${row.rowNumber}-${i}`}>
                    <td className="py-2 ps-5 pe-2 tabular-nums">{row.line}</td>
                    <td className="px-2 py-2 font-medium">{error.column ?? t("wholeRow")}</td>
                    <td className="py-2 ps-2 pe-5 text-slate-700">{error.message}</td>
                  </tr>
                )),
              )}
            </Table>
          </div>
        )}
      </div>
    </Panel>
  );
}
