"use client";

import { useTranslations } from "next-intl";
import type { TRouterOutputs } from "@/trpc/types";
import { Button } from "@/components/ui/button";
import { CopyBox } from "@/components/ui/copy-box";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";

type TInviteResultProps = {
  result: TRouterOutputs["members"]["invite"];
  email: string;
  role: "LAB_ADMIN" | "LAB_STAFF";
  onDone: () => void;
};

/** What happened to an invitation; a new user's link is shown here once and never again. */
export function InviteResult({ result, email, role, onDone }: TInviteResultProps) {
  const t = useTranslations("members.result");
  const tCommon = useTranslations("common");
  const format = useDateFormat();
  if (result.kind === "added") {
    return (
      <div className="space-y-3">
        <Notice tone="success" title={t("addedTitle")}>
          {t("added", { email, role })}
        </Notice>
        <Button variant="secondary" onClick={onDone}>
          {t("inviteAnother")}
        </Button>
      </div>
    );
  }
  return (
    <section aria-labelledby="invite-link-title" className="space-y-4 rounded-xl border-2 border-amber-300 bg-amber-50 p-5">
      <div>
        <h2 id="invite-link-title" className="text-base font-semibold text-slate-900">
          {t("linkTitle", { email })}
        </h2>
        <p role="alert" className="mt-1 text-sm font-medium text-amber-900">
          {t("linkWarning", { email, expires: format.dateTime(result.expiresAt) })}
        </p>
      </div>
      <CopyBox id="invite-link" label={t("linkLabel")} value={result.url} />
      <Button variant="secondary" onClick={onDone}>
        {tCommon("done")}
      </Button>
    </section>
  );
}
