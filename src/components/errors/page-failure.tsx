"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type TPageFailureProps = { error: Error & { digest?: string }; reset: () => void; titled?: boolean };

/**
 * What a page shows when rendering it failed: the viewer's language, a way to try again (reading
 * the page afresh from the server, where the failure happened), and the reference the server
 * logged it under, never the error's own text, which may be internal.
 */
export function PageFailure({ error, reset, titled = true }: TPageFailureProps) {
  const t = useTranslations("common.pageError");
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  return (
    <Notice tone="error" title={titled ? t("title") : undefined}>
      <p>{t("description")}</p>
      {error.digest && (
        <p className="mt-1 text-xs">
          {t("reference")} <code dir="ltr">{error.digest}</code>
        </p>
      )}
      <Button
        variant="secondary"
        size="sm"
        className="mt-3"
        busy={retrying}
        onClick={() =>
          startRetry(() => {
            router.refresh();
            reset();
          })
        }
      >
        {t("retry")}
      </Button>
    </Notice>
  );
}
