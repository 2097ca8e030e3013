"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConfirmButton } from "@/components/ui/confirm-button";

type TRemoveMemberButtonProps = { member: { id: string; user: { name: string; email: string } }; isViewer: boolean };

export function RemoveMemberButton({ member, isViewer }: TRemoveMemberButtonProps) {
  const { failureOf } = useApiErrors();
  const t = useTranslations("members.remove");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const lab = useCurrentLab();
  const remove = useMutation(trpc.members.remove.mutationOptions());

  const confirm = () =>
    failureOf(async () => {
      await remove.mutateAsync({ labId: lab.id, membershipId: member.id });
      // Removing yourself ends your access to this lab: go back to the labs you still have.
      if (isViewer) {
        router.replace("/");
        router.refresh();
        return;
      }
      await queryClient.invalidateQueries(trpc.members.list.pathFilter());
    });

  return (
    <ConfirmButton
      trigger={{ "aria-label": t("triggerLabel", { name: member.user.name }), className: "mt-1" }}
      title={isViewer ? t("titleSelf") : t("title", { name: member.user.name })}
      description={
        isViewer ? t("descriptionSelf", { lab: lab.name }) : t("description", { email: member.user.email, lab: lab.name })
      }
      confirmLabel={t("confirm")}
      onConfirm={confirm}
    >
      {t("trigger")}
    </ConfirmButton>
  );
}
