"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { Button, type TButtonProps } from "@/components/ui/button";

type TConfirmButtonProps = {
  /** The trigger's text and look. */
  children: ReactNode;
  trigger?: Omit<TButtonProps, "onClick" | "children">;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** Resolves to an error message to show in the dialog, or null when done; a throw shows a generic one. */
  onConfirm: () => Promise<string | null>;
};

/**
 * A destructive action behind a modal confirmation (native <dialog>: focus trap
 * and Esc for free). The dialog sits in the top layer but inherits styles from
 * where it is in the DOM (an end-aligned table cell), hence its explicit text-start.
 */
export function ConfirmButton({ children, trigger, title, description, confirmLabel, onConfirm }: TConfirmButtonProps) {
  const t = useTranslations("common");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  async function confirm() {
    setBusy(true);
    const message = await onConfirm().catch(() => t("somethingWentWrong"));
    setBusy(false);
    setError(message);
    if (!message) setOpen(false);
  }

  return (
    <>
      <Button variant="dangerGhost" size="sm" {...trigger} onClick={() => { setError(null); setOpen(true); }}>
        {children}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onClose={() => setOpen(false)}
        className="m-auto w-full max-w-md rounded-xl text-start border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div id={descriptionId} className="text-sm text-slate-600">
            {description}
          </div>
          {error && (
            <p role="alert" className="text-sm font-medium text-red-700">
              {error}
            </p>
          )}
        </div>
        <div className="flex justify-end gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3">
          <Button variant="secondary" onClick={() => setOpen(false)} autoFocus>
            {t("cancel")}
          </Button>
          <Button variant="danger" busy={busy} onClick={confirm}>
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
