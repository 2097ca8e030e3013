"use client";

import { useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

type TCopyBoxProps = { id: string; label: string; value: string };

/** A read-only secret or link with a copy button; falls back to selecting the text. */
export function CopyBox({ id, label, value }: TCopyBoxProps) {
  const t = useTranslations("common.copy");
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  async function copy() {
    inputRef.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // The clipboard API needs a secure context; the text is selected for Ctrl+C instead.
      setCopied("select");
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={inputRef}
          id={id}
          readOnly
          dir="ltr"
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 focus:border-sky-600 focus:ring-2 focus:ring-sky-600/40 focus:outline-none"
        />
        <Button variant="secondary" onClick={copy}>
          {t("button")}
        </Button>
      </div>
      <p aria-live="polite" className="text-xs text-slate-600 empty:hidden">
        {copied === "yes" && t("copied")}
        {copied === "select" && t("selected")}
      </p>
    </div>
  );
}
