"use client";

import { useTranslations } from "next-intl";
import { controlClass } from "@/components/ui/styles";
import { CHANNELS, PERIODS, useStatsFilters, type TChannel, type TPeriod } from "@/components/stats/stats-range";

/** Period and channel pickers; changing one updates the URL and the figures follow. */
export function StatsFiltersBar({ showChannel = true }: { showChannel?: boolean }) {
  const t = useTranslations("stats.filters");
  const [filters, setFilters] = useStatsFilters();
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="text-sm text-slate-700">
        <span className="mb-1 block font-medium">{t("period")}</span>
        <select className={controlClass} value={filters.period} onChange={(e) => void setFilters({ period: e.target.value as TPeriod })}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`periods.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {showChannel && (
        <label className="text-sm text-slate-700">
          <span className="mb-1 block font-medium">{t("channel")}</span>
          <select
            className={controlClass}
            value={filters.channel ?? ""}
            onChange={(e) => void setFilters({ channel: e.target.value === "" ? null : (e.target.value as TChannel) })}
          >
            <option value="">{t("allChannels")}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channels.${c}`)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
