"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useDateFormat } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

type TInvitation = TRouterOutputs["members"]["list"]["invitations"][number];

export function InvitationList({ invitations }: { invitations: TInvitation[] }) {
  const t = useTranslations("members.invitations");
  const tRoles = useTranslations("common.roles");
  const format = useDateFormat();
  const lab = useCurrentLab();
  return (
    <Panel id="invitations" title={t("title")} description={t("description")}>
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ul className="-mx-5 divide-y divide-slate-100">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 px-5 py-3">
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">
                  <span dir="ltr">{invitation.email}</span>
                </p>
                <p className="text-xs text-slate-500">
                  {t("meta", { role: tRoles(invitation.role), expires: format.dateTime(invitation.expiresAt) })}
                </p>
              </div>
              {lab.canAdminister && <RevokeInvitationButton invitation={invitation} />}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function RevokeInvitationButton({ invitation }: { invitation: TInvitation }) {
  const { failureOf } = useApiErrors();
  const t = useTranslations("members.invitations");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions());

  const confirm = () =>
    failureOf(async () => {
      await revoke.mutateAsync({ labId: lab.id, invitationId: invitation.id });
      await queryClient.invalidateQueries(trpc.members.list.pathFilter());
    });

  return (
    <ConfirmButton
      trigger={{ "aria-label": t("triggerLabel", { email: invitation.email }) }}
      title={t("confirmTitle")}
      description={t("confirmDescription", { email: invitation.email })}
      confirmLabel={t("confirm")}
      onConfirm={confirm}
    >
      {t("trigger")}
    </ConfirmButton>
  );
}
