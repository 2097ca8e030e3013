"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Notice } from "@/components/ui/notice";
import { InvitationList } from "@/components/members/invitation-list";
import { InviteMemberForm } from "@/components/members/invite-member-form";
import { MemberList } from "@/components/members/member-list";

export function MembersPanel() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const list = useQuery(trpc.members.list.queryOptions({ labId: lab.id }));

  return (
    <div className="space-y-6">
      {lab.canAdminister ? (
        <InviteMemberForm />
      ) : (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      {list.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {list.isError && <Notice tone="error">{messageOf(list.error)}</Notice>}
      {list.data && (
        <>
          <MemberList members={list.data.members} />
          {(lab.canAdminister || list.data.invitations.length > 0) && <InvitationList invitations={list.data.invitations} />}
        </>
      )}
    </div>
  );
}
