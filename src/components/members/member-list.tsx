"use client";

import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ROLE_LABELS } from "@/components/roles";
import { formatDateTime } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { MemberRoleSelect } from "@/components/members/member-role-select";
import { RemoveMemberButton } from "@/components/members/remove-member-button";

type TMember = TRouterOutputs["members"]["list"]["members"][number];

export function MemberList({ members }: { members: TMember[] }) {
  const lab = useCurrentLab();
  return (
    <Panel id="members" title="Members" description={`${members.length} ${members.length === 1 ? "person has" : "people have"} access to this lab.`}>
      {members.length === 0 ? (
        <p className="text-sm text-slate-500">No members yet.</p>
      ) : (
        <ul className="-mx-5 divide-y divide-slate-100">
          {members.map((member) => {
            const isViewer = member.user.id === lab.viewerId;
            return (
              <li key={member.id} className="flex flex-wrap items-start gap-x-6 gap-y-2 px-5 py-3">
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-900">
                    {member.user.name}
                    {isViewer && <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>}
                  </p>
                  <p className="text-sm text-slate-600">{member.user.email}</p>
                  <p className="text-xs text-slate-400">Member since {formatDateTime(member.createdAt)}</p>
                </div>
                {lab.canAdminister ? (
                  <div className="flex items-start gap-2">
                    <MemberRoleSelect member={member} />
                    <RemoveMemberButton member={member} isViewer={isViewer} />
                  </div>
                ) : (
                  <p className="text-sm text-slate-700">{ROLE_LABELS[member.role]}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
