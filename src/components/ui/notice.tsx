import type { ReactNode } from "react";

const tones = {
  success: { box: "border-emerald-200 bg-emerald-50 text-emerald-900", icon: "✓" },
  error: { box: "border-red-200 bg-red-50 text-red-900", icon: "⚠" },
  warning: { box: "border-amber-200 bg-amber-50 text-amber-900", icon: "!" },
  info: { box: "border-sky-200 bg-sky-50 text-sky-900", icon: "i" },
} as const;

type TNoticeProps = { tone: keyof typeof tones; title?: ReactNode; children?: ReactNode; className?: string };

/** A message block; errors interrupt screen readers, the rest are announced politely. */
export function Notice({ tone, title, children, className = "" }: TNoticeProps) {
  const { box, icon } = tones[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`flex gap-3 rounded-lg border px-4 py-3 text-sm ${box} ${className}`}>
      <span aria-hidden className="mt-px grid size-5 shrink-0 place-items-center rounded-full bg-current/10 text-xs font-bold">
        {icon}
      </span>
      <div className="min-w-0 space-y-1">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className="break-words">{children}</div>}
      </div>
    </div>
  );
}
