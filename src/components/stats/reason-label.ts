"use client";

import { useTranslations } from "next-intl";

/** A failure or skip code in the viewer's language; codes the message files do not know keep the server's English label. */
export function useReasonLabel() {
  const t = useTranslations("stats.reasons");
  return (code: string, fallback: string) => {
    const [head, detail] = code.split(":", 2);
    if (head === "missing_variable" && detail) return t("missing_variable_named", { name: detail });
    return code !== "" && t.has(code) ? t(code) : fallback;
  };
}
