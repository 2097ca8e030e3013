"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function RevokeApiKeyButton({ apiKey }: { apiKey: { id: string; name: string; prefix: string } }) {
  const { failureOf } = useApiErrors();
  const t = useTranslations("apiKeys.revoke");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions());

  const confirm = () =>
    failureOf(async () => {
      await revoke.mutateAsync({ labId: lab.id, id: apiKey.id });
      await queryClient.invalidateQueries(trpc.apiKeys.list.pathFilter());
    });

  return (
    <ConfirmButton
      trigger={{ "aria-label": t("triggerLabel", { name: apiKey.name }) }}
      title={t("title", { name: apiKey.name })}
      description={t.rich("description", {
        prefix: apiKey.prefix,
        code: (chunks) => (
          <code className="font-mono" dir="ltr">
            {chunks}
          </code>
        ),
      })}
      confirmLabel={t("confirm")}
      onConfirm={confirm}
    >
      {t("trigger")}
    </ConfirmButton>
  );
}
