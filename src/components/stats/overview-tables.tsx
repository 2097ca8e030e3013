"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Panel } from "@/components/ui/panel";
import { SkipReason } from "@/components/messages/skip-reason";
import { FailureReason } from "@/components/messages/failure-reason";
import type { TOverview } from "@/components/stats/use-overview";

const th = "px-3 py-2 text-start font-medium";
const td = "px-3 py-2 tabular-nums";

/** What the period cost, per currency, and the SMS segments behind it. */
export function CostPanel({ overview }: { overview: TOverview }) {
  const t = useTranslations("stats.cost");
  const format = useFormatter();
  return (
    <Panel id="cost" title={t("title")} description={t("segments", { count: overview.segments.sms })}>
      {overview.cost.length === 0 ? (
        <p className="text-sm text-slate-500">{t("none")}</p>
      ) : (
        <table className="w-full text-sm" data-testid="cost-table">
          <thead className="border-b border-slate-200 text-xs text-slate-500">
            <tr>
              <th scope="col" className={th}>{t("currency")}</th>
              <th scope="col" className={th}>{t("amount")}</th>
              <th scope="col" className={th}>{t("messages")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overview.cost.map((c) => (
              <tr key={c.currency}>
                <th scope="row" className={`${th} font-normal`}>{c.currency}</th>
                <td className={td}>{format.number(Number(c.amount), { style: "currency", currency: c.currency, maximumFractionDigits: 4 })}</td>
                <td className={td}>{format.number(c.messages)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** The commonest reasons messages failed (provider codes) and were not sent at all. */
export function ReasonsPanel({ overview }: { overview: TOverview }) {
  const t = useTranslations("stats.reasonsPanel");
  const tc = useTranslations("stats.filters.channels");
  const format = useFormatter();
  return (
    <Panel id="failure-reasons" title={t("title")} description={t("description")}>
      {overview.failureReasons.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noFailures")}</p>
      ) : (
        <table className="w-full text-sm" data-testid="failure-reasons">
          <thead className="border-b border-slate-200 text-xs text-slate-500">
            <tr>
              <th scope="col" className={th}>{t("reason")}</th>
              <th scope="col" className={th}>{t("where")}</th>
              <th scope="col" className={th}>{t("count")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overview.failureReasons.map((f) => (
              <tr key={`${f.provider}|${f.channel}|${f.code}`}>
                <th scope="row" className={`${th} font-normal`}>
                  <FailureReason provider={f.provider} code={f.code} compact />
                </th>
                <td className={td}>{`${f.provider} · ${tc(f.channel)}`}</td>
                <td className={td}>{format.number(f.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overview.skipReasons.length > 0 && (
        <>
          <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-900">{t("skipped")}</h3>
          <ul className="text-sm text-slate-700" data-testid="skip-reasons">
            {overview.skipReasons.map((s) => (
              <li key={s.reason} className="flex justify-between gap-3 py-0.5">
                <SkipReason reason={s.reason} />
                <span className="tabular-nums">{format.number(s.count)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}

/** How long messages waited to be sent, and to be delivered once sent. */
export function LatencyPanel({ overview }: { overview: TOverview }) {
  const t = useTranslations("stats.latency");
  const format = useFormatter();
  const duration = (ms: number | null) => {
    if (ms === null) return t("none");
    if (!Number.isFinite(ms)) return t("overTwoDays");
    const [value, unit] = ms < 60_000 ? [ms / 1000, "second"] : ms < 3_600_000 ? [ms / 60_000, "minute"] : [ms / 3_600_000, "hour"];
    return t("atMost", { duration: format.number(value, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }) });
  };
  const rows = [
    ["acceptedToSent", overview.latency.acceptedToSent],
    ["sentToDelivered", overview.latency.sentToDelivered],
  ] as const;
  return (
    <Panel id="latency" title={t("title")} description={t("description")}>
      <table className="w-full text-sm">
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th scope="col" className={th}><span className="sr-only">{t("stage")}</span></th>
            <th scope="col" className={th}>{t("p50")}</th>
            <th scope="col" className={th}>{t("p95")}</th>
            <th scope="col" className={th}>{t("p99")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(([key, l]) => (
            <tr key={key}>
              <th scope="row" className={`${th} font-normal`}>{t(key)}</th>
              <td className={`${td} whitespace-nowrap`}>{duration(l.p50Ms)}</td>
              <td className={`${td} whitespace-nowrap`}>{duration(l.p95Ms)}</td>
              <td className={`${td} whitespace-nowrap`}>{duration(l.p99Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
