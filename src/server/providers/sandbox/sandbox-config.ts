import { z } from "zod";

/** What the sandbox does with a message; see sandbox-outcome.ts for when each applies. */
export const ZSandboxOutcome = z.discriminatedUnion("type", [
  z.object({ type: z.literal("deliver") }),
  z.object({ type: z.literal("deliver_late") }),
  z.object({ type: z.literal("undeliverable") }),
  z.object({ type: z.literal("fail_temporarily"), times: z.number().int().min(1).max(100).default(2) }),
  z.object({
    type: z.literal("rate_limit"),
    times: z.number().int().min(1).max(100).default(1),
    retryAfterMs: z.number().int().min(0).max(3_600_000).default(2_000),
  }),
  z.object({
    type: z.literal("fail_permanently"),
    code: z.string().min(1).default("invalid_number"),
    message: z.string().optional(),
    scope: z.enum(["recipient", "account"]).default("recipient"),
  }),
]);
export type TSandboxOutcome = z.output<typeof ZSandboxOutcome>;

/** A rule applies when every criterion it names matches; one naming none applies to every message. */
export const ZSandboxRule = z.strictObject({
  to: z.string().optional(),
  toEndsWith: z.string().optional(),
  trigger: z.string().optional(),
  /** A WhatsApp template name or ContentSid. */
  template: z.string().optional(),
  outcome: ZSandboxOutcome,
});
export type TSandboxRule = z.output<typeof ZSandboxRule>;

export const ZSandboxConfig = z.strictObject({
  /** A pretend credential, so a sandbox account is configured (and encrypted) like a real one. */
  apiKey: z.string().max(200).optional(),
  from: z.string().max(100).optional(),
  /** Checked in order before the address conventions. */
  rules: z.array(ZSandboxRule).max(50).default([]),
  /** How long after acceptance a "deliver late" message reports DELIVERED to a status lookup. */
  lateDeliveryMs: z.number().int().min(0).max(7 * 24 * 3_600_000).default(30_000),
  /** Per SMS segment, WhatsApp message or email; the channel's default when unset. */
  costPerUnit: z.number().min(0).max(100).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD").default("USD"),
});
export type TSandboxConfig = z.output<typeof ZSandboxConfig>;
