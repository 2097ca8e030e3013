"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { CopyBox } from "@/components/ui/copy-box";

type TNewApiKeyRevealProps = { name: string; secret: string; onDone: () => void };

/** The only moment the plain key exists outside the caller's hands: Herald keeps just its hash. */
export function NewApiKeyReveal({ name, secret, onDone }: TNewApiKeyRevealProps) {
  const t = useTranslations("apiKeys.reveal");
  return (
    <section aria-labelledby="new-key-title" className="space-y-4 rounded-xl border-2 border-amber-300 bg-amber-50 p-5">
      <div>
        <h2 id="new-key-title" className="text-base font-semibold text-slate-900">
          {t("title", { name })}
        </h2>
        <p role="alert" className="mt-1 text-sm font-medium text-amber-900">
          {t("warning")}
        </p>
      </div>
      <CopyBox id="new-api-key" label={t("label")} value={secret} />
      <Button variant="secondary" onClick={onDone}>
        {t("done")}
      </Button>
    </section>
  );
}
