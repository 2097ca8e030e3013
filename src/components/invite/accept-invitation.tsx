"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { ROLE_LABELS } from "@/components/roles";
import { Notice } from "@/components/ui/notice";
import { AcceptInvitationForm } from "@/components/invite/accept-invitation-form";

export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const invitation = useQuery({ ...trpc.invitations.get.queryOptions({ token }), staleTime: Infinity });

  if (invitation.isPending) return <p className="text-sm text-slate-500">Checking your invitation…</p>;
  if (invitation.isError) {
    return (
      <div className="space-y-4">
        <Notice tone="error" title="This invitation can't be used">
          The link is invalid, has already been used, or has expired. Ask the lab admin who invited you for a new one.
        </Notice>
        <Link href="/login" className="text-sm font-medium text-sky-700 underline-offset-2 hover:underline">
          Already have an account? Sign in
        </Link>
      </div>
    );
  }

  const { labName, email, role } = invitation.data;
  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg bg-slate-50 px-4 py-3 text-sm">
        <dt className="text-slate-500">Lab</dt>
        <dd className="font-medium text-slate-900">{labName}</dd>
        <dt className="text-slate-500">Email</dt>
        <dd className="font-medium break-all text-slate-900">{email}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd className="text-slate-900">{ROLE_LABELS[role]}</dd>
      </dl>
      <AcceptInvitationForm token={token} email={email} />
    </div>
  );
}
