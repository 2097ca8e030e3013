/**
 * Latency is kept as a histogram, not per message, so percentiles over months cost as little as over
 * an hour. Bounds step 1-2-3-5 per decade from 100 ms to two days: a percentile is known to within
 * one step, and it is reported as the upper bound of the step it falls in (never flattering).
 */
export const LATENCY_BOUNDS_MS = [
  100, 200, 300, 500, 1_000, 2_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000,
] as const;

/** Positions 1..n+1 (PostgreSQL arrays): below the first bound, between bounds, at or past the last. */
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

export type TLatencySummary = {
  /** Messages measured. */
  count: number;
  /** Upper bound of the step holding each percentile; null with nothing measured, Infinity past two days. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
};

/** The bucket (1-based) a latency falls in, as width_bucket in SQL places it. */
export function latencyBucketOf(ms: number): number {
  let i = 0;
  while (i < LATENCY_BOUNDS_MS.length && ms >= LATENCY_BOUNDS_MS[i]!) i++;
  return i + 1;
}

/** The upper bound of a bucket: the latency a percentile in it is reported as. */
export function upperBoundOf(bucket: number): number {
  return LATENCY_BOUNDS_MS[bucket - 1] ?? Number.POSITIVE_INFINITY;
}

/** Nearest-rank percentiles of a histogram (counts per bucket, 1-based positions as in the array). */
export function summarizeLatency(histogram: readonly number[]): TLatencySummary {
  const count = histogram.reduce((sum, n) => sum + n, 0);
  const at = (p: number): number | null => {
    if (count === 0) return null;
    const rank = Math.ceil((p / 100) * count);
    let seen = 0;
    for (const [i, n] of histogram.entries()) {
      seen += n;
      if (seen >= rank) return upperBoundOf(i + 1);
    }
    return upperBoundOf(histogram.length);
  };
  return { count, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99) };
}
