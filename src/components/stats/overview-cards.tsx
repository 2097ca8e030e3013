"use client";

import { useFormatter, useTranslations } from "next-intl";
import { StatCard } from "@/components/stats/stat-card";
import type { TOverview } from "@/components/stats/use-overview";

/** Sent, delivered, failed and the delivery rate, each with its change from the period before. */
export function OverviewCards({ overview }: { overview: TOverview }) {
  const t = useTranslations("stats.cards");
  const format = useFormatter();
  const { totals, previous } = overview;
  const before = previous.totals;
  const change = (now: number, then: number) => {
    if (then === 0) return now === 0 ? t("noChange") : t("newThisPeriod");
    return t("change", { change: format.number((now - then) / then, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }) });
  };
  const percent = (rate: number | null) => (rate === null ? t("none") : format.number(rate, { style: "percent", maximumFractionDigits: 1 }));
  const rateChange = () => {
    if (totals.deliveredRate === null || before.deliveredRate === null) return t("noComparison");
    const points = (totals.deliveredRate - before.deliveredRate) * 100;
    return t("pointsChange", { points: format.number(points, { maximumFractionDigits: 1, signDisplay: "exceptZero" }) });
  };
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <StatCard testId="card-sent" label={t("sent")} value={format.number(totals.sent)} change={change(totals.sent, before.sent)} />
      <StatCard testId="card-delivered" label={t("delivered")} value={format.number(totals.delivered)} change={change(totals.delivered, before.delivered)} />
      <StatCard
        testId="card-failed"
        label={t("failed")}
        value={format.number(totals.failed)}
        change={change(totals.failed, before.failed)}
        tone={totals.failed > before.failed ? "bad" : "neutral"}
      />
      <StatCard testId="card-rate" label={t("deliveryRate")} value={percent(totals.deliveredRate)} change={rateChange()} />
    </dl>
  );
}
