import type { TStatGranularity } from "@/server/services/stats/query-stat-groups";

/**
 * Every bucket of a range, empty ones included, so a chart's axis has no gaps. `lo` and `hi` are
 * local wall times carried as UTC instants, so stepping them needs no time zone.
 */
export function seriesBuckets(lo: Date | null, hi: Date | null, granularity: TStatGranularity): string[] {
  if (!lo || !hi) return [];
  const keys: string[] = [];
  const at = new Date(lo);
  if (granularity !== "hour") at.setUTCHours(0, 0, 0, 0);
  if (granularity === "month") at.setUTCDate(1);
  while (at < hi) {
    keys.push(bucketKey(at, granularity));
    if (granularity === "hour") at.setUTCHours(at.getUTCHours() + 1);
    else if (granularity === "day") at.setUTCDate(at.getUTCDate() + 1);
    else at.setUTCMonth(at.getUTCMonth() + 1);
  }
  return keys;
}

/** A bucket as the series names it: local wall time, "2026-11-30T14", "2026-11-30" or "2026-11". */
export function bucketKey(bucket: Date, granularity: TStatGranularity): string {
  const iso = bucket.toISOString();
  return granularity === "hour" ? iso.slice(0, 13) : granularity === "day" ? iso.slice(0, 10) : iso.slice(0, 7);
}
