import type { ReactNode } from "react";

type TStatCardProps = { label: ReactNode; value: ReactNode; change?: ReactNode; tone?: "neutral" | "good" | "bad"; testId?: string };

/** One headline figure with its change from the period before. */
export function StatCard({ label, value, change, tone = "neutral", testId }: TStatCardProps) {
  const toneClass = tone === "good" ? "text-emerald-700" : tone === "bad" ? "text-red-700" : "text-slate-500";
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs" data-testid={testId}>
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value}</dd>
      {change && <dd className={`mt-0.5 text-xs ${toneClass}`}>{change}</dd>}
    </div>
  );
}
