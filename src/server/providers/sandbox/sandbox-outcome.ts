/**
 * How the sandbox decides what happens to a message, so the embedded default, demos and tests can
 * provoke every delivery path by address alone.
 *
 * 1. The account's config `rules`, in order (match on `to`, `toEndsWith`, `trigger`, `template`).
 * 2. Address conventions. SMS and WhatsApp numbers ending in:
 *      0000  fail permanently, code "invalid_number" (not retried, no failover)
 *      1111  fail temporarily (HTTP 503, "provider_unavailable") on the first 2 sends, then deliver
 *      2222  deliver late: SENT at send; a status lookup reports DELIVERED after `lateDeliveryMs`
 *      3333  rate limited once (HTTP 429, "rate_limited", retry after 2 s), then deliver
 *      4444  accepted, then an UNDELIVERED status callback, code "carrier_rejected"
 *    Email addresses whose local part (before any "+tag") is:
 *      bounce          fail permanently, code "invalid_address"
 *      flaky           fail temporarily twice, then deliver
 *      late            deliver late
 *      throttle        rate limited once, then deliver
 *      undeliverable   accepted, then UNDELIVERED
 * 3. Otherwise deliver: SENT at send, then a DELIVERED status callback at once.
 *
 * Counts ("the first 2 sends") are per Herald message id, so outcomes are deterministic per message
 * and attempt. A message already accepted is never sent twice: a repeated send (a retried job, a
 * reclaimed stale claim) returns the first acceptance, as a provider honouring idempotency keys does.
 */
import type { Channel } from "@/generated/prisma/enums";
import type { TSandboxOutcome, TSandboxRule } from "@/server/providers/sandbox/sandbox-config";

const PHONE_CONVENTIONS: Record<string, TSandboxOutcome> = {
  "0000": { type: "fail_permanently", code: "invalid_number", scope: "recipient" },
  "1111": { type: "fail_temporarily", times: 2 },
  "2222": { type: "deliver_late" },
  "3333": { type: "rate_limit", times: 1, retryAfterMs: 2_000 },
  "4444": { type: "undeliverable" },
};

const EMAIL_CONVENTIONS: Record<string, TSandboxOutcome> = {
  bounce: { type: "fail_permanently", code: "invalid_address", scope: "recipient" },
  flaky: { type: "fail_temporarily", times: 2 },
  late: { type: "deliver_late" },
  throttle: { type: "rate_limit", times: 1, retryAfterMs: 2_000 },
  undeliverable: { type: "undeliverable" },
};

export type TOutcomeInput = { channel: Channel; to: string; triggerKey: string; template: string | null };

export function chooseSandboxOutcome(input: TOutcomeInput, rules: readonly TSandboxRule[]): TSandboxOutcome {
  const rule = rules.find((r) => ruleMatches(r, input));
  if (rule) return rule.outcome;
  if (input.channel === "EMAIL") {
    const localPart = input.to.split("@")[0]?.split("+")[0]?.toLowerCase() ?? "";
    return EMAIL_CONVENTIONS[localPart] ?? { type: "deliver" };
  }
  return PHONE_CONVENTIONS[input.to.replace(/\D/g, "").slice(-4)] ?? { type: "deliver" };
}

function ruleMatches(rule: TSandboxRule, { to, triggerKey, template }: TOutcomeInput): boolean {
  return (
    (rule.to === undefined || rule.to === to) &&
    (rule.toEndsWith === undefined || to.endsWith(rule.toEndsWith)) &&
    (rule.trigger === undefined || rule.trigger === triggerKey) &&
    (rule.template === undefined || rule.template === template)
  );
}
