"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import type { TCampaignView } from "@/components/campaigns/campaign-types";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

/**
 * The lab's campaign pace: how many messages a second all its campaigns share, below its OTPs and
 * transactional sends. Everyone sees it; a lab admin changes it or gives it back to the platform's rate.
 */
export function CampaignPaceForm({ campaign }: { campaign: TCampaignView }) {
  const t = useTranslations("campaigns.pace");
  const format = useFormatter();
  const { formErrorsOf } = useApiErrors();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const { pace } = campaign;
  const [rate, setRate] = useState(pace.ratePerSecond === null ? "" : String(pace.ratePerSecond));
  const save = useMutation(trpc.campaigns.setPace.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.campaigns.pathFilter()) }));
  const errors = formErrorsOf(save.error, ["ratePerSecond"]);
  const current = pace.ratePerSecond ?? pace.defaultRatePerSecond;
  return (
    <Panel id="campaign-pace" title={t("title")} description={t("description")}>
      <div className="space-y-4">
        <p className="text-sm text-slate-700" data-testid="campaign-pace-current">
          {pace.ratePerSecond === null ? t("currentPlatform", { rate: format.number(current) }) : t("currentLab", { rate: format.number(current), platform: format.number(pace.defaultRatePerSecond) })}
        </p>
        {lab.canAdminister && (
          <form
            noValidate
            className="flex flex-wrap items-end gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate({ labId: lab.id, ratePerSecond: rate.trim() === "" ? null : Number(rate) });
            }}
          >
            {errors.form && <Notice tone="error">{errors.form}</Notice>}
            <TextField
              id="campaign-pace-rate"
              label={t("label")}
              hint={t("hint", { platform: format.number(pace.defaultRatePerSecond) })}
              type="number"
              inputMode="decimal"
              min={0.1}
              max={1000}
              step="any"
              dir="ltr"
              value={rate}
              onChange={(e) => setRate(e.target.value)}
              error={errors.fields.ratePerSecond}
              className="sm:w-64"
            />
            <Button type="submit" busy={save.isPending}>
              {t("save")}
            </Button>
            {pace.ratePerSecond !== null && (
              <Button
                variant="secondary"
                busy={save.isPending}
                onClick={() => {
                  setRate("");
                  save.mutate({ labId: lab.id, ratePerSecond: null });
                }}
              >
                {t("usePlatform")}
              </Button>
            )}
            {save.isSuccess && !save.isPending && (
              <span role="status" className="text-sm text-emerald-700">
                {t("saved")}
              </span>
            )}
          </form>
        )}
      </div>
    </Panel>
  );
}
