"use client";

import type { TRouterOutputs } from "@/trpc/types";
import { ROLE_LABELS } from "@/components/roles";
import { Button } from "@/components/ui/button";
import { CopyBox } from "@/components/ui/copy-box";
import { formatDateTime } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";

type TInviteResultProps = {
  result: TRouterOutputs["members"]["invite"];
  email: string;
  role: "LAB_ADMIN" | "LAB_STAFF";
  onDone: () => void;
};

/** What happened to an invitation; a new user's link is shown here once and never again. */
export function InviteResult({ result, email, role, onDone }: TInviteResultProps) {
  if (result.kind === "added") {
    return (
      <div className="space-y-3">
        <Notice tone="success" title="Member added">
          {email} already had a Herald account and can now open this lab as {ROLE_LABELS[role].toLowerCase()}.
        </Notice>
        <Button variant="secondary" onClick={onDone}>
          Invite someone else
        </Button>
      </div>
    );
  }
  return (
    <section aria-labelledby="invite-link-title" className="space-y-4 rounded-xl border-2 border-amber-300 bg-amber-50 p-5">
      <div>
        <h2 id="invite-link-title" className="text-base font-semibold text-slate-900">
          Invitation created for {email}
        </h2>
        <p role="alert" className="mt-1 text-sm font-medium text-amber-900">
          Send this link to {email} yourself. It won&apos;t be shown again, and it works once, until {formatDateTime(result.expiresAt)}.
        </p>
      </div>
      <CopyBox id="invite-link" label="Invitation link" value={result.url} />
      <Button variant="secondary" onClick={onDone}>
        Done
      </Button>
    </section>
  );
}
