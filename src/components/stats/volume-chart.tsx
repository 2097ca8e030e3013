"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHANNELS } from "@/components/stats/stats-range";
import type { TOverview } from "@/components/stats/use-overview";

const COLORS = { SMS: "#0369a1", WHATSAPP: "#15803d", EMAIL: "#a16207" } as const;

/** A chart with its figures also as a table for screen readers (the drawing says nothing to them). */
function ChartFigure({ title, children, table }: { title: string; children: React.ReactNode; table: React.ReactNode }) {
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
      <figcaption className="mb-3 text-sm font-semibold text-slate-900">{title}</figcaption>
      <div aria-hidden className="h-56" dir="ltr">
        {children}
      </div>
      <div className="sr-only">{table}</div>
    </figure>
  );
}

/** A chart's figures as a table: a row per bucket, a column per series. */
function ChartTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: { bucket: string; cells: string[] }[] }) {
  const t = useTranslations("stats.charts");
  const bucketLabel = useBucketLabel();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("day")}</th>
          {columns.map((c) => (
            <th key={c} scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.bucket}>
            <th scope="row">{bucketLabel(row.bucket)}</th>
            {row.cells.map((cell, i) => (
              <td key={columns[i]}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A bucket's name in the viewer's language: the series names buckets by the lab's wall time
 * ("2026-11-30T14", "2026-11-30" or "2026-11"), read here as that wall time, never shifted again.
 */
function useBucketLabel(): (bucket: string) => string {
  const format = useFormatter();
  return (bucket) => {
    const [year, month, day, hour] = bucket.split(/[-T]/).map(Number);
    const at = new Date(Date.UTC(year!, (month ?? 1) - 1, day ?? 1, hour ?? 0));
    if (day === undefined) return format.dateTime(at, { timeZone: "UTC", month: "short", year: "numeric" });
    if (hour === undefined) return format.dateTime(at, { timeZone: "UTC", month: "short", day: "numeric" });
    return format.dateTime(at, { timeZone: "UTC", day: "numeric", hour: "numeric" });
  };
}

/** Messages per day, stacked by channel. */
export function VolumeChart({ overview }: { overview: TOverview }) {
  const t = useTranslations("stats.charts");
  const tc = useTranslations("stats.filters.channels");
  const format = useFormatter();
  const bucketLabel = useBucketLabel();
  const data: ({ bucket: string } & Record<(typeof CHANNELS)[number], number>)[] = overview.series.map((b) => ({
    bucket: b.bucket,
    SMS: b.byChannel.SMS?.total ?? 0,
    WHATSAPP: b.byChannel.WHATSAPP?.total ?? 0,
    EMAIL: b.byChannel.EMAIL?.total ?? 0,
  }));
  return (
    <ChartFigure
      title={t("volume")}
      table={
        <ChartTable
          caption={t("volume")}
          columns={CHANNELS.map((c) => tc(c))}
          rows={data.map((row) => ({ bucket: row.bucket, cells: CHANNELS.map((c) => format.number(row[c])) }))}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" tickFormatter={bucketLabel} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} width={40} />
          <Tooltip labelFormatter={(bucket) => bucketLabel(String(bucket))} formatter={(value, name) => [format.number(Number(value)), tc(name as (typeof CHANNELS)[number])]} />
          <Legend formatter={(name) => tc(name as (typeof CHANNELS)[number])} />
          {CHANNELS.map((c) => (
            <Bar key={c} dataKey={c} stackId="channels" fill={COLORS[c]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/**
 * A point of the rate line, drawn only where no line reaches it: a day with neighbours on neither side
 * (a lab's first day, or one day between quiet ones) would otherwise show nothing at all.
 */
function loneDot(data: { rate: number | null }[]) {
  return function LoneDot({ cx, cy, index }: { cx?: number; cy?: number; index?: number }) {
    const i = index ?? 0;
    const lone = data[i]?.rate != null && data[i - 1]?.rate == null && data[i + 1]?.rate == null;
    return <circle key={i} cx={cx} cy={cy} r={lone ? 3 : 0} fill="#0369a1" data-testid={lone ? "rate-point" : undefined} />;
  };
}

/** Share of sent messages delivered, per day; days with nothing sent leave a gap. */
export function DeliveryRateChart({ overview }: { overview: TOverview }) {
  const t = useTranslations("stats.charts");
  const format = useFormatter();
  const bucketLabel = useBucketLabel();
  const data = overview.series.map((b) => ({ bucket: b.bucket, rate: b.deliveredRate === null ? null : Math.round(b.deliveredRate * 1000) / 10 }));
  const percent = (value: number | null) => (value === null ? "—" : format.number(value / 100, { style: "percent", maximumFractionDigits: 1 }));
  return (
    <ChartFigure
      title={t("deliveryRate")}
      table={<ChartTable caption={t("deliveryRate")} columns={[t("rate")]} rows={data.map((row) => ({ bucket: row.bucket, cells: [percent(row.rate)] }))} />}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" tickFormatter={bucketLabel} fontSize={11} />
          <YAxis domain={[0, 100]} unit="%" fontSize={11} width={44} />
          <Tooltip labelFormatter={(bucket) => bucketLabel(String(bucket))} formatter={(value) => [percent(value as number | null), t("rate")]} />
          <Line type="monotone" dataKey="rate" stroke="#0369a1" strokeWidth={2} dot={loneDot(data)} activeDot={{ r: 4 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
