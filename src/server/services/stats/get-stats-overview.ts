import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import { sqlOf, type Db } from "@/server/db";
import { AppError, type TFieldIssue } from "@/server/errors";
import { summarizeLatency, type TLatencySummary } from "@/server/services/stats/latency-buckets";
import { queryStatRows, type TStatFilters, type TStatGranularity, type TStatQuery } from "@/server/services/stats/query-stat-groups";
import type { TStatsScope } from "@/server/services/stats/resolve-stats-scope";
import { refreshMessageStats, type TStatFreshness } from "@/server/services/stats/refresh-message-stats";
import { CounterMap, HANDED_OVER, StatCounter, type TStatCounts } from "@/server/services/stats/stat-counts";
import { bucketKey, seriesBuckets } from "@/server/services/stats/series-buckets";

const DAY_MS = 24 * 60 * 60_000;
export const MAX_RANGE_DAYS = 366;
export const MAX_HOURLY_RANGE_DAYS = 31;
const TOP_REASONS = 10;

export type TGetStatsOverviewOptions = {
  db: Db;
  scope: TStatsScope;
  from: Date;
  to: Date;
  granularity: TStatGranularity;
  filters: TStatFilters;
};

type TNamed<T> = T & TStatCounts;

/** Refuses ranges the figures cannot answer well, naming each field at fault. */
function checkRange(from: Date, to: Date, granularity: TStatGranularity) {
  const issues: TFieldIssue[] = [];
  const span = to.getTime() - from.getTime();
  if (span <= 0) issues.push({ field: "to", message: "expected a time after from" });
  else if (span > MAX_RANGE_DAYS * DAY_MS) issues.push({ field: "to", message: `expected a range of at most ${MAX_RANGE_DAYS} days` });
  else if (granularity === "hour" && span > MAX_HOURLY_RANGE_DAYS * DAY_MS) {
    issues.push({ field: "granularity", message: `expected day or month for ranges over ${MAX_HOURLY_RANGE_DAYS} days` });
  }
  if (issues.length > 0) throw AppError.forFields("BAD_REQUEST", issues as [TFieldIssue, ...TFieldIssue[]]);
}

/**
 * What was sent, what arrived, what failed and why, and what it cost, over a range for one lab or an
 * organization's labs: read from the hourly and daily statistics (never by scanning messages), so
 * figures hold after retention cleanup. `freshness` says how far behind the messages they may be.
 */
export async function getStatsOverview({ db, scope, from, to, granularity, filters }: TGetStatsOverviewOptions) {
  checkRange(from, to, granularity);
  const freshness: TStatFreshness = await refreshMessageStats({ db });
  const query: TStatQuery = { labs: scope.labs, from, to, granularity, filters };
  const previous: TStatQuery = { ...query, from: new Date(2 * from.getTime() - to.getTime()), to: from };
  const rows = await queryStatRows(sqlOf(db), query, previous);
  const latency = rows.find((row) => row.set === "latency") ?? { sent: [], delivered: [], lo: null, hi: null };

  const totals = new StatCounter();
  const byChannel = new CounterMap<Channel>();
  const series = new CounterMap<string>();
  const seriesByChannel = new CounterMap<string>();
  const byTrigger = new CounterMap<string>();
  const byAccount = new CounterMap<string>();
  const accountInfo = new Map<string, { provider: string; channel: Channel; name: string | null }>();
  const byProvider = new CounterMap<string>();
  const byLab = new CounterMap<string>();
  const cost = new Map<string, { amount: number; messages: number }>();
  const segments = new Map<Channel, number>();
  const failures = new Map<string, { code: string; provider: string; channel: Channel; count: number }>();
  const skips = new Map<string, number>();

  const previousCounter = new StatCounter();
  for (const row of rows) {
    const { count } = row;
    const status = row.status!;
    switch (row.set) {
      case "series": {
        const key = bucketKey(row.bucket!, granularity);
        totals.add(status, count);
        byChannel.get(row.channel!).add(status, count);
        series.get(key).add(status, count);
        seriesByChannel.get(`${key}|${row.channel}`).add(status, count);
        if (HANDED_OVER.has(status)) segments.set(row.channel!, (segments.get(row.channel!) ?? 0) + row.segments);
        break;
      }
      case "trigger":
        byTrigger.get(row.triggerKey!).add(status, count);
        break;
      case "detail":
        if (row.businessAccountId) {
          byAccount.get(row.businessAccountId).add(status, count);
          accountInfo.set(row.businessAccountId, { provider: row.provider!, channel: row.channel!, name: row.accountName });
        }
        if (row.provider) byProvider.get(row.provider).add(status, count);
        byLab.get(row.labId!).add(status, count);
        if (row.currency) {
          const entry = cost.get(row.currency) ?? { amount: 0, messages: 0 };
          entry.amount += Number(row.cost ?? 0);
          entry.messages += count;
          cost.set(row.currency, entry);
        }
        if (status === "SKIPPED") skips.set(row.reason!, (skips.get(row.reason!) ?? 0) + count);
        if (status === "FAILED" || status === "UNDELIVERED") {
          const key = `${row.provider}|${row.channel}|${row.reason}`;
          const entry = failures.get(key) ?? { code: row.reason!, provider: row.provider!, channel: row.channel!, count: 0 };
          entry.count += count;
          failures.set(key, entry);
        }
        break;
      case "previous":
        previousCounter.add(status, count);
        break;
    }
  }

  const byCount = <T extends { total: number }>(a: T, b: T) => b.total - a.total;
  const channelsSeen = [...byChannel.counters.keys()];

  return {
    scope: { kind: scope.kind, organizationId: scope.organizationId, labs: scope.labs },
    range: { from, to, granularity, localFrom: latency.lo, localTo: latency.hi },
    filters,
    freshness,
    totals: totals.counts(),
    previous: { from: previous.from, to: previous.to, totals: previousCounter.counts() },
    byChannel: [...byChannel.counters].map(([channel, c]): TNamed<{ channel: Channel; segments: number }> => ({ channel, segments: segments.get(channel) ?? 0, ...c.counts() })).sort(byCount),
    series: seriesBuckets(latency.lo, latency.hi, granularity).map((bucket) => ({
      bucket,
      ...(series.counters.get(bucket)?.counts() ?? new StatCounter().counts()),
      byChannel: Object.fromEntries(channelsSeen.map((channel) => [channel, (seriesByChannel.counters.get(`${bucket}|${channel}`) ?? new StatCounter()).counts()])),
    })),
    byTrigger: [...byTrigger.counters].map(([triggerKey, c]) => ({ triggerKey, ...c.counts() })).sort(byCount),
    byProvider: [...byProvider.counters].map(([provider, c]) => ({ provider, ...c.counts() })).sort(byCount),
    byAccount: [...byAccount.counters]
      .map(([businessAccountId, c]) => ({ businessAccountId, ...accountInfo.get(businessAccountId)!, ...c.counts() }))
      .sort(byCount),
    byLab: scope.labs.map((lab) => ({ labId: lab.id, name: lab.name, ...(byLab.counters.get(lab.id) ?? new StatCounter()).counts() })).sort(byCount),
    cost: [...cost].map(([currency, { amount, messages }]) => ({ currency, amount: amount.toFixed(6), messages })).sort((a, b) => a.currency.localeCompare(b.currency)),
    segments: { sms: segments.get("SMS") ?? 0, whatsapp: segments.get("WHATSAPP") ?? 0 },
    latency: { acceptedToSent: summarizeLatency(latency.sent ?? []), sentToDelivered: summarizeLatency(latency.delivered ?? []) } satisfies Record<string, TLatencySummary>,
    failureReasons: [...failures.values()]
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, TOP_REASONS),
    skipReasons: [...skips]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

export type TStatsOverview = Awaited<ReturnType<typeof getStatsOverview>>;
