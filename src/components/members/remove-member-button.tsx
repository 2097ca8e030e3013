"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { failureOf } from "@/trpc/errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConfirmButton } from "@/components/ui/confirm-button";

type TRemoveMemberButtonProps = { member: { id: string; user: { name: string; email: string } }; isViewer: boolean };

export function RemoveMemberButton({ member, isViewer }: TRemoveMemberButtonProps) {
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
      trigger={{ "aria-label": `Remove ${member.user.name}`, className: "mt-1" }}
      title={isViewer ? "Remove yourself from this lab?" : `Remove ${member.user.name}?`}
      description={
        isViewer
          ? `You will lose access to ${lab.name} at once. Another admin would have to invite you again.`
          : `${member.user.email} will lose access to ${lab.name} at once. Their account stays, and can be invited again.`
      }
      confirmLabel="Remove"
      onConfirm={confirm}
    >
      Remove
    </ConfirmButton>
  );
}
