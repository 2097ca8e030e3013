import type { ButtonHTMLAttributes } from "react";
import { focusRing } from "@/components/ui/styles";

const variants = {
  primary: "bg-sky-700 text-white hover:bg-sky-800 shadow-xs",
  secondary: "bg-white text-slate-800 border border-slate-300 hover:bg-slate-50 shadow-xs",
  danger: "bg-red-600 text-white hover:bg-red-700 shadow-xs",
  ghost: "text-slate-700 hover:bg-slate-100",
  dangerGhost: "text-red-700 hover:bg-red-50",
} as const;

export type TButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof variants;
  size?: "sm" | "md";
  busy?: boolean;
};

export function Button({ variant = "primary", size = "md", busy = false, className = "", disabled, children, ...rest }: TButtonProps) {
  const sizing = size === "sm" ? "px-2.5 py-1.5 text-xs" : "px-4 py-2 text-sm";
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={`inline-flex items-center justify-center gap-2 rounded-md font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${sizing} ${variants[variant]} ${focusRing} ${className}`}
    >
      {busy && <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" />}
      {children}
    </button>
  );
}
