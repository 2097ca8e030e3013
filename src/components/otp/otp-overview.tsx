"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

const CHANNELS = ["SMS", "WHATSAPP", "EMAIL"] as const;

/** The lab's last 30 days of OTPs: totals, each day by channel, fallbacks, and what the limits and fraud guard refused. */
export function OtpOverview() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("otp");
  const format = useFormatter();
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const stats = useQuery(trpc.otp.stats.queryOptions({ labId: lab.id }));

  if (stats.isPending) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (stats.isError) return <Notice tone="error">{messageOf(stats.error)}</Notice>;
  const { totals, series, fallbacks, blocks, activePrefixBlocks } = stats.data;
  const days = [...new Set(series.map((d) => d.day))];
  const most = Math.max(1, ...series.map((d) => d.starts));
  const cell = (day: string, channel: string) => series.find((d) => d.day === day && d.channel === channel);

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label={t("totals.label")}>
        {(
          [
            ["starts", format.number(totals.starts)],
            ["approved", format.number(totals.approved)],
            ["conversion", totals.conversionRate === null ? "—" : format.number(totals.conversionRate, { style: "percent", maximumFractionDigits: 1 })],
            ["fallbacks", format.number(totals.fallbacks)],
            ["blocks", format.number(totals.blocks)],
          ] as const
        ).map(([key, value]) => (
          <div key={key} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs">
            <dt className="text-xs font-medium text-slate-500">{t(`totals.${key}`)}</dt>
            <dd className="mt-1 text-xl font-semibold text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>

      <Panel id="otp-days" title={t("days.title")} description={t("days.description")}>
        {days.length === 0 ? (
          <p className="text-sm text-slate-500">{t("days.empty")}</p>
        ) : (
          <div className="-mx-5 overflow-x-auto">
            <table className="w-full text-start text-sm">
              <thead className="border-b border-slate-200 text-xs font-medium text-slate-500">
                <tr>
                  <th scope="col" className="px-5 py-2 text-start">{t("days.day")}</th>
                  {CHANNELS.map((channel) => (
                    <th key={channel} scope="col" className="px-3 py-2 text-start">{t(`channel.${channel}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {days.map((day) => (
                  <tr key={day}>
                    <th scope="row" className="px-5 py-2 text-start font-normal whitespace-nowrap">{format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" })}</th>
                    {CHANNELS.map((channel) => {
                      const d = cell(day, channel);
                      return (
                        <td key={channel} className="px-3 py-2">
                          {d ? (
                            <div className="min-w-36">
                              <span>{t("days.cell", { starts: d.starts, approved: d.approved })}</span>
                              <div className="mt-1 h-1.5 rounded-full bg-slate-100" aria-hidden="true">
                                <div className="h-1.5 rounded-full bg-sky-500" style={{ width: `${(100 * d.starts) / most}%` }}>
                                  <div className="h-1.5 rounded-full bg-emerald-500" style={{ width: `${d.starts ? (100 * d.approved) / d.starts : 0}%` }} />
                                </div>
                              </div>
                            </div>
                          ) : (
                            <span className="text-slate-400">—</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel id="otp-fallbacks" title={t("fallbacks.title")} description={t("fallbacks.description")}>
          {fallbacks.length === 0 ? (
            <p className="text-sm text-slate-500">{t("fallbacks.empty")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {fallbacks.map((f, i) => (
                <li key={i} className="flex justify-between gap-3 py-2">
                  <span>{t("fallbacks.route", { from: f.from ? t(`channel.${f.from}`) : "—", to: f.to ? t(`channel.${f.to}`) : "—", reason: f.reason ?? "—" })}</span>
                  <span className="font-medium">{format.number(f.count)}</span>
                </li>
              ))}
            </ul>
          )}
        </Panel>

        <Panel id="otp-blocks" title={t("blocks.title")} description={t("blocks.description")}>
          {activePrefixBlocks.length > 0 && (
            <Notice tone="error" title={t("blocks.activeTitle")}>
              {activePrefixBlocks.map((b) => t("blocks.active", { prefix: b.prefix, until: format.dateTime(b.until, { dateStyle: "medium", timeStyle: "short" }), volume: b.volume })).join(" ")}
            </Notice>
          )}
          {blocks.length === 0 ? (
            <p className="text-sm text-slate-500">{t("blocks.empty")}</p>
          ) : (
            <table className="mt-2 w-full text-start text-sm">
              <thead className="text-xs font-medium text-slate-500">
                <tr>
                  <th scope="col" className="py-1 text-start">{t("blocks.rule")}</th>
                  <th scope="col" className="py-1 text-start">{t("blocks.country")}</th>
                  <th scope="col" className="py-1 text-start">{t("blocks.prefix")}</th>
                  <th scope="col" className="py-1 text-end">{t("blocks.count")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {blocks.map((b, i) => (
                  <tr key={i}>
                    <td className="py-1.5">{t(`rule.${b.rule}`)}</td>
                    <td className="py-1.5">{b.country ?? "—"}</td>
                    <td className="py-1.5 font-mono" dir="ltr">{b.prefix ?? "—"}</td>
                    <td className="py-1.5 text-end">{format.number(b.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
    </div>
  );
}
