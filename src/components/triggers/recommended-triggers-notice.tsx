"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useTriggerText } from "@/components/triggers/use-trigger-text";

/**
 * The first-run checklist: a lab with no provider account is told it cannot
 * send; one whose recommended triggers are not all decided gets them in one click.
 */
export function RecommendedTriggersNotice({ onEnabled }: { onEnabled: (message: string) => void }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("triggers.checklist");
  const format = useFormatter();
  const text = useTriggerText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const recommended = useQuery(trpc.triggers.recommended.queryOptions({ labId: lab.id }));
  const enable = useMutation(
    trpc.triggers.enableRecommended.mutationOptions({
      onSuccess: async (result) => {
        onEnabled(t("enabled", { count: result.enabled.length }));
        await Promise.all([queryClient.invalidateQueries(trpc.triggers.list.pathFilter()), queryClient.invalidateQueries(trpc.triggers.recommended.pathFilter())]);
      },
    }),
  );
  if (!recommended.data) return null;
  const { accountChannels, pending } = recommended.data;

  if (accountChannels.length === 0) {
    return (
      <Notice tone="warning" title={t("noAccountTitle")}>
        {t("noAccount")}
      </Notice>
    );
  }
  if (pending.length === 0) return null;
  const list = format.list(pending.map((p) => `${text.name({ key: p.triggerKey, name: p.triggerKey })} (${text.channel(p.channel)})`), { type: "conjunction" });
  return (
    <Notice tone="warning" title={t("pendingTitle")}>
      <p>{t("pending", { count: pending.length, channels: format.list(accountChannels.map(text.channel), { type: "conjunction" }), list })}</p>
      {enable.error && <p className="mt-2 font-medium text-red-800">{messageOf(enable.error)}</p>}
      <Button className="mt-3" size="sm" disabled={!lab.canAdminister} busy={enable.isPending} onClick={() => enable.mutate({ labId: lab.id })}>
        {t("enable")}
      </Button>
    </Notice>
  );
}
