"use client";

import { useMemo } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { TLocale } from "@/i18n/config";
import { failureOf, formErrorsOf, messageOf, type TApiError, type TSayIssue } from "@/trpc/errors";
import { sayIssue } from "@/trpc/say-issue";

/** The API's errors for this viewer: by field, as one sentence, or from a dialog's action, in their language. */
export function useApiErrors() {
  const t = useTranslations("errors");
  const locale = useLocale() as TLocale;
  return useMemo(() => {
    const say: TSayIssue = (issue, errorCode, retryAfter) => sayIssue(t, locale, issue, errorCode, retryAfter);
    return {
      say,
      formErrorsOf: (error: TApiError | null, fields: readonly string[]) => formErrorsOf(error, fields, say),
      messageOf: (error: TApiError | null) => messageOf(error, say),
      failureOf: (run: () => Promise<unknown>) => failureOf(run, say),
    };
  }, [t, locale]);
}
