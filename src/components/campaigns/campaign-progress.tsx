"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useCurrentLab } from "@/components/shell/current-lab";
import type { TCampaignView } from "@/components/campaigns/campaign-types";
import { StatCard } from "@/components/stats/stat-card";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useDateFormat } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

const COUNTS = ["accepted", "queued", "sent", "delivered", "failed", "skipped", "cancelled"] as const;

/** Exact counts as they move, a bar of messages done, the send rate, and the controls a lab admin has. */
export function CampaignProgress({ campaign }: { campaign: TCampaignView }) {
  const t = useTranslations("campaigns.progress");
  const format = useFormatter();
  const { dateTime } = useDateFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const refresh = { onSuccess: () => queryClient.invalidateQueries(trpc.campaigns.pathFilter()) };
  const pause = useMutation(trpc.campaigns.pause.mutationOptions(refresh));
  const resume = useMutation(trpc.campaigns.resume.mutationOptions(refresh));
  const cancel = useMutation(trpc.campaigns.cancel.mutationOptions(refresh));
  const { progress, status } = campaign;
  const percent = progress.expected === 0 ? 100 : Math.min(100, Math.round((progress.done / progress.expected) * 100));
  const rowsLeft = progress.rows.ready + progress.rows.skipped + progress.rows.sending;
  const input = { labId: lab.id, campaignId: campaign.id };
  return (
    <Panel
      id="campaign-progress"
      title={t("title")}
      description={t("description")}
      actions={
        <a className="text-sm font-medium text-sky-800 hover:underline" href={`/api/labs/${encodeURIComponent(lab.id)}/campaigns/${encodeURIComponent(campaign.id)}/report`} download>
          {t("report")}
        </a>
      }
    >
      <div className="space-y-5">
        {status === "SCHEDULED" && campaign.sendAt && <p className="text-sm text-slate-700">{t("scheduledFor", { when: dateTime(campaign.sendAt) })}</p>}
        {status === "COMPLETED" && <p className="text-sm text-slate-700">{t("finished", { when: dateTime(campaign.completedAt) })}</p>}
        <div>
          <div className="flex flex-wrap justify-between gap-2 text-sm text-slate-700">
            <span>{t("bar", { done: format.number(progress.done), expected: format.number(progress.expected) })}</span>
            <span>{t("rate", { rate: format.number(progress.ratePerSecond) })}</span>
          </div>
          <div
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-label={t("title")}
            className="mt-2 h-3 overflow-hidden rounded-full bg-slate-100"
          >
            <div className="h-full rounded-full bg-sky-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <p className="mt-2 text-sm text-slate-500">
            {rowsLeft > 0 && t("rowsLeft", { count: rowsLeft })}
            {rowsLeft > 0 && progress.rows.rejected > 0 && " · "}
            {progress.rows.rejected > 0 && t("rejectedRows", { count: progress.rows.rejected })}
          </p>
        </div>
        <dl className="grid gap-3 sm:grid-cols-4 lg:grid-cols-7" data-testid="campaign-counts">
          {COUNTS.map((key) => (
            <StatCard key={key} label={t(key)} value={format.number(progress.messages[key])} testId={`count-${key}`} />
          ))}
        </dl>
        {lab.canAdminister && (status === "RUNNING" || status === "SCHEDULED" || status === "PAUSED") && (
          <div className="flex flex-wrap gap-3">
            {status === "PAUSED" ? (
              <Button variant="secondary" busy={resume.isPending} onClick={() => resume.mutate(input)}>
                {t("resume")}
              </Button>
            ) : (
              <Button variant="secondary" busy={pause.isPending} onClick={() => pause.mutate(input)}>
                {t("pause")}
              </Button>
            )}
            <ConfirmButton
              trigger={{ variant: "dangerGhost" }}
              title={t("cancelTitle")}
              description={t("cancelDescription")}
              confirmLabel={t("cancelConfirm")}
              onConfirm={async () => {
                await cancel.mutateAsync(input);
                return null;
              }}
            >
              {t("cancel")}
            </ConfirmButton>
          </div>
        )}
      </div>
    </Panel>
  );
}
