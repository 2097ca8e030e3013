"use client";

import { useTranslations } from "next-intl";
import { AuthCard } from "@/components/auth/auth-card";
import { PageFailure } from "@/components/errors/page-failure";

/** A signed-in page whose shell itself failed (the lab could not be read): the centred card, in the viewer's language. */
export default function SignedInError(props: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common.pageError");
  return (
    <AuthCard title={t("title")}>
      <PageFailure {...props} titled={false} />
    </AuthCard>
  );
}
