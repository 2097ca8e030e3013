// Fault injection per provider, account and operation, set by a scenario file or the admin API.
import { z } from "zod";

const ZRate = z.number().min(0, "expected a rate from 0 to 1").max(1, "expected a rate from 0 to 1");
const ZRange = z.strictObject({ min: z.number().int().min(0), max: z.number().int().min(0) }).refine((r) => r.max >= r.min, "max must be at least min");

export const ZFaultRule = z.strictObject({
  /** A provider id, or "*" for all. */
  provider: z.string().min(1),
  /** One account (Twilio AccountSid, API key); all when unset. */
  account: z.string().min(1).optional(),
  /** "send", "status", ...; all when unset. */
  operation: z.string().min(1).optional(),
  /** Applies to the first `times` matching requests only, then retires: deterministic tests. */
  times: z.number().int().min(1).optional(),
  /**
   * The provider's API is down: every request to it (sends, status lookups) answers 503 until the rule
   * is removed. An outage of the API, as providers have them: their delivery pipeline and webhooks
   * are other systems, so messages the account accepted before keep their delivery and status
   * callbacks (a send's callbacks are scheduled when it is accepted; no rule stops them but
   * `callbacks.dropRate`), and a status lookup after the recovery tells what happened meanwhile.
   */
  down: z.boolean().optional(),
  /** Errors in the provider's own shape, each with the share of requests it hits. */
  errors: z.array(z.strictObject({ rate: ZRate, status: z.number().int().min(400).max(599), code: z.string().optional(), message: z.string().optional() })).optional(),
  /** 429 with Retry-After (seconds). */
  rateLimit: z.strictObject({ rate: ZRate, retryAfterSeconds: z.number().int().min(0).max(3600).default(1) }).optional(),
  /** Requests that never get an answer: the caller's timeout is what ends them. */
  timeoutRate: ZRate.optional(),
  /** Connections closed without an answer. */
  dropRate: ZRate.optional(),
  /** Added before answering. */
  latencyMs: ZRange.optional(),
  /** What happens to the status callbacks of accepted messages. */
  callbacks: z
    .strictObject({
      delayMs: ZRange.optional(),
      duplicateRate: ZRate.optional(),
      /** Each message's callbacks arrive last status first. */
      outOfOrder: z.boolean().optional(),
      dropRate: ZRate.optional(),
    })
    .optional(),
});
export type TFaultRule = z.input<typeof ZFaultRule>;
type TRule = z.output<typeof ZFaultRule> & { id: number; used: number };

export type TFaultAction =
  | { kind: "none" }
  | { kind: "down" }
  | { kind: "error"; status: number; code?: string; message?: string }
  | { kind: "rate_limit"; retryAfterSeconds: number }
  | { kind: "timeout" }
  | { kind: "drop" };

export type TFaultDecision = { action: TFaultAction; latencyMs: number };

export type TCallbackPlan = { delayMs: { min: number; max: number }; duplicateRate: number; outOfOrder: boolean; dropRate: number };

/** Realistic enough to be seen (a callback after the send's answer), short enough for tests. */
export const DEFAULT_CALLBACK_DELAY = { min: 20, max: 120 };

/** A small seeded generator, so a scenario with a seed replays the same faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private rules: TRule[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed?: number) {
    this.random = seed === undefined ? Math.random : mulberry32(seed);
  }

  seed(seed: number): void {
    this.random = mulberry32(seed);
  }

  /** Adds rules (validated); returns their ids. Later rules are consulted first. */
  add(rules: TFaultRule[]): number[] {
    const parsed = z.array(ZFaultRule).parse(rules);
    return parsed.map((rule) => {
      const id = this.nextId++;
      this.rules.push({ ...rule, id, used: 0 });
      return id;
    });
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): TRule[] {
    return [...this.rules];
  }

  /** What to do with one request; consumes a use of each rule that fires. */
  decide(provider: string, account: string | null, operation: string): TFaultDecision {
    let latencyMs = 0;
    for (const rule of this.matching(provider, account, operation)) {
      if (rule.latencyMs) latencyMs = Math.max(latencyMs, this.between(rule.latencyMs));
      const action = this.actionOf(rule);
      // A rule that only slows requests is used by each one it slows, so `times` retires it too.
      if (action.kind !== "none" || rule.latencyMs) rule.used += 1;
      if (action.kind !== "none") return { action, latencyMs };
    }
    return { action: { kind: "none" }, latencyMs };
  }

  callbackPlan(provider: string, account: string | null): TCallbackPlan {
    const rule = this.matching(provider, account, "callback").find((r) => r.callbacks)?.callbacks;
    return {
      delayMs: rule?.delayMs ?? DEFAULT_CALLBACK_DELAY,
      duplicateRate: rule?.duplicateRate ?? 0,
      outOfOrder: rule?.outOfOrder ?? false,
      dropRate: rule?.dropRate ?? 0,
    };
  }

  chance(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  between({ min, max }: { min: number; max: number }): number {
    return Math.round(min + (max - min) * this.random());
  }

  private matching(provider: string, account: string | null, operation: string): TRule[] {
    this.rules = this.rules.filter((r) => r.times === undefined || r.used < r.times);
    return this.rules
      .filter(
        (r) =>
          (r.provider === "*" || r.provider === provider) &&
          (!r.account || r.account === account) &&
          (!r.operation || r.operation === operation || (operation === "callback" && Boolean(r.callbacks))),
      )
      .reverse();
  }

  private actionOf(rule: TRule): TFaultAction {
    if (rule.down) return { kind: "down" };
    if (rule.timeoutRate && this.chance(rule.timeoutRate)) return { kind: "timeout" };
    if (rule.dropRate && this.chance(rule.dropRate)) return { kind: "drop" };
    if (rule.rateLimit && this.chance(rule.rateLimit.rate)) return { kind: "rate_limit", retryAfterSeconds: rule.rateLimit.retryAfterSeconds };
    for (const error of rule.errors ?? []) {
      if (this.chance(error.rate)) return { kind: "error", status: error.status, code: error.code, message: error.message };
    }
    return { kind: "none" };
  }
}
