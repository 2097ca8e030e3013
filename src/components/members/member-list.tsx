"use client";

import { useTranslations } from "next-intl";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { useDateFormat } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { MemberRoleSelect } from "@/components/members/member-role-select";
import { RemoveMemberButton } from "@/components/members/remove-member-button";

type TMember = TRouterOutputs["members"]["list"]["members"][number];

export function MemberList({ members }: { members: TMember[] }) {
  const t = useTranslations("members.list");
  const tRoles = useTranslations("common.roles");
  const format = useDateFormat();
  const lab = useCurrentLab();
  return (
    <Panel id="members" title={t("title")} description={t("count", { count: members.length })}>
      {members.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ul className="-mx-5 divide-y divide-slate-100">
          {members.map((member) => {
            const isViewer = member.user.id === lab.viewerId;
            return (
              <li key={member.id} className="flex flex-wrap items-start gap-x-6 gap-y-2 px-5 py-3">
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-900">
                    {member.user.name}
                    {isViewer && <span className="ms-2 text-xs font-normal text-slate-500">{t("you")}</span>}
                  </p>
                  <p className="text-sm text-slate-600">
                    <span dir="ltr">{member.user.email}</span>
                  </p>
                  <p className="text-xs text-slate-400">{t("since", { date: format.dateTime(member.createdAt) })}</p>
                </div>
                {lab.canAdminister ? (
                  <div className="flex items-start gap-2">
                    <MemberRoleSelect member={member} />
                    <RemoveMemberButton member={member} isViewer={isViewer} />
                  </div>
                ) : (
                  <p className="text-sm text-slate-700">{tRoles(member.role)}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
