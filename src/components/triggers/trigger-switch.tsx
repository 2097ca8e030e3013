"use client";

import { focusRing } from "@/components/ui/styles";

type TTriggerSwitchProps = { id: string; label: string; checked: boolean; disabled: boolean; busy: boolean; onChange: (checked: boolean) => void };

/** An on/off switch for one trigger on one channel; the thumb moves to the end side in either direction. */
export function TriggerSwitch({ id, label, checked, disabled, busy, onChange }: TTriggerSwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      id={id}
      aria-checked={checked}
      aria-label={label}
      aria-busy={busy || undefined}
      disabled={disabled || busy}
      onClick={() => onChange(!checked)}
      className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${focusRing} ${
        checked ? "bg-sky-700" : "bg-slate-300"
      }`}
    >
      <span
        aria-hidden
        className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${checked ? "translate-x-6 rtl:-translate-x-6" : "translate-x-1 rtl:-translate-x-1"}`}
      />
    </button>
  );
}
