"use client";

import { useTranslations } from "next-intl";
import type { TSignInResult } from "@/lib/auth-client";

/** A failed sign-in as one sentence in the viewer's language. */
export function useSignInFailure() {
  const t = useTranslations("auth.signIn.errors");
  return (result: Exclude<TSignInResult, { ok: true }>): string => {
    switch (result.reason) {
      case "credentials":
        return t("credentials");
      case "rateLimited":
        return result.retryAfterSeconds === null ? t("rateLimitedSoon") : t("rateLimited", { seconds: result.retryAfterSeconds });
      case "other":
        return result.message ?? t("other");
    }
  };
}
