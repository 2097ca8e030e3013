"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { failureOf } from "@/trpc/errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ROLE_LABELS } from "@/components/roles";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { formatDateTime } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";

type TInvitation = TRouterOutputs["members"]["list"]["invitations"][number];

export function InvitationList({ invitations }: { invitations: TInvitation[] }) {
  const lab = useCurrentLab();
  return (
    <Panel id="invitations" title="Pending invitations" description="Links that have not been used yet. Revoke one that went to the wrong person.">
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-500">No pending invitations.</p>
      ) : (
        <ul className="-mx-5 divide-y divide-slate-100">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 px-5 py-3">
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">{invitation.email}</p>
                <p className="text-xs text-slate-500">
                  {ROLE_LABELS[invitation.role]} · expires {formatDateTime(invitation.expiresAt)}
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
      trigger={{ "aria-label": `Revoke invitation for ${invitation.email}` }}
      title="Revoke this invitation?"
      description={`The link sent to ${invitation.email} will stop working. You can invite them again later.`}
      confirmLabel="Revoke invitation"
      onConfirm={confirm}
    >
      Revoke
    </ConfirmButton>
  );
}
