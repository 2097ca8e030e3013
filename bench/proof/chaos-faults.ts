// The faults of bench:chaos, on every provider's sends and callbacks, as simulator rules.
import type { TFaultRule } from "../../simulator/faults";

export type TChaosRates = { errorRate: number; timeoutRate: number; rateLimitRate: number; dropRate: number; duplicateRate: number; outOfOrder: boolean };

export const DEFAULT_CHAOS: TChaosRates = { errorRate: 0.2, timeoutRate: 0.05, rateLimitRate: 0.05, dropRate: 0.02, duplicateRate: 0.1, outOfOrder: true };

/**
 * The simulator decides one fault per request, trying timeout, drop, 429 and 5xx in turn, each with
 * its chance: the rates given are the shares of all sends, so each later chance is taken of what
 * the earlier ones left.
 */
export function chaosFaults(rates: TChaosRates): TFaultRule[] {
  let left = 1;
  const share = (rate: number) => {
    const chance = left > 0 ? Math.min(1, rate / left) : 0;
    left -= rate;
    return chance;
  };
  const timeoutRate = share(rates.timeoutRate);
  const dropRate = share(rates.dropRate);
  const rateLimit = share(rates.rateLimitRate);
  const error = share(rates.errorRate);
  return [
    {
      provider: "*",
      operation: "send",
      timeoutRate,
      dropRate,
      rateLimit: { rate: rateLimit, retryAfterSeconds: 1 },
      errors: [{ rate: error, status: 500, message: "Injected internal error" }],
    },
    { provider: "*", callbacks: { duplicateRate: rates.duplicateRate, outOfOrder: rates.outOfOrder } },
  ];
}
