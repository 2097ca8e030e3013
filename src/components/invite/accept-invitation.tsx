"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { Notice } from "@/components/ui/notice";
import { AcceptInvitationForm } from "@/components/invite/accept-invitation-form";

export function AcceptInvitation({ token }: { token: string }) {
  const t = useTranslations("auth.invite");
  const tRoles = useTranslations("common.roles");
  const trpc = useTRPC();
  const invitation = useQuery({ ...trpc.invitations.get.queryOptions({ token }), staleTime: Infinity });

  if (invitation.isPending) return <p className="text-sm text-slate-500">{t("checking")}</p>;
  if (invitation.isError) {
    return (
      <div className="space-y-4">
        <Notice tone="error" title={t("unusable.title")}>
          {t("unusable.body")}
        </Notice>
        <Link href="/login" className="text-sm font-medium text-sky-700 underline-offset-2 hover:underline">
          {t("haveAccount")}
        </Link>
      </div>
    );
  }

  const { labName, email, role } = invitation.data;
  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg bg-slate-50 px-4 py-3 text-sm">
        <dt className="text-slate-500">{t("lab")}</dt>
        <dd className="font-medium text-slate-900">{labName}</dd>
        <dt className="text-slate-500">{t("email")}</dt>
        <dd className="font-medium break-all text-slate-900">
          <span dir="ltr">{email}</span>
        </dd>
        <dt className="text-slate-500">{t("role")}</dt>
        <dd className="text-slate-900">{tRoles(role)}</dd>
      </dl>
      <AcceptInvitationForm token={token} email={email} />
    </div>
  );
}
