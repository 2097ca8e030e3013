"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import type { TCampaignSummaryView, TCampaignView } from "@/components/campaigns/campaign-types";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

/** Send now or at a time, behind a confirmation that says how many patients it reaches. */
export function CampaignStartForm({ campaign }: { campaign: TCampaignView }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("campaigns.start");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState("");
  const start = useMutation(trpc.campaigns.start.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.campaigns.pathFilter()) }));
  const errors = formErrorsOf(start.error, ["sendAt"]);
  const summary = campaign.summary as TCampaignSummaryView;
  const recipients = summary.ready + summary.skipped;
  return (
    <Panel id="campaign-start" title={t("title")} description={t("description")}>
      {recipients === 0 ? (
        <Notice tone="warning">{t("nothingToSend")}</Notice>
      ) : (
        <div className="space-y-4">
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          <fieldset className="flex flex-wrap gap-6">
            <legend className="mb-1.5 text-sm font-medium text-slate-800">{t("when")}</legend>
            <label className="inline-flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name="campaign-when" checked={!later} onChange={() => setLater(false)} />
              {t("now")}
            </label>
            <label className="inline-flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name="campaign-when" checked={later} onChange={() => setLater(true)} />
              {t("later")}
            </label>
          </fieldset>
          {later && <TextField id="campaign-send-at" label={t("sendAt")} type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} error={errors.fields.sendAt} className="sm:w-72" />}
          <ConfirmButton
            title={t("confirmTitle", { count: recipients })}
            description={t("confirmDescription")}
            confirmLabel={later ? t("schedule") : t("submit")}
            onConfirm={async () => {
              try {
                await start.mutateAsync({ labId: lab.id, campaignId: campaign.id, ...(later && sendAt && { sendAt: new Date(sendAt) }) });
                return null;
              } catch (error) {
                return error instanceof Error ? error.message : String(error);
              }
            }}
          >
            {later ? t("schedule") : t("submit")}
          </ConfirmButton>
        </div>
      )}
    </Panel>
  );
}
