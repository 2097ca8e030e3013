// Inputs of partner management: a lab's B2B partners, their contacts and their rules per trigger.
import { z } from "zod";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { ZClockTime, ZTimeZone } from "@/server/domain/lab-settings";
import { CHANNELS } from "@/server/domain/notifications";
import { ZContactFields } from "@/server/domain/contacts";
import { ZId } from "@/server/api/schemas";

export const PARTNER_TYPES = ["CLINIC", "HOSPITAL", "CORPORATE", "INSURER", "OTHER"] as const;
export const ZPartnerType = z.enum(PARTNER_TYPES, { message: `expected one of ${PARTNER_TYPES.join(", ")}` });

const text = (max: number) => z.string({ message: "expected a string" }).trim().min(1, "must not be empty").max(max, `expected at most ${max} characters`);

export const ZPartnerExternalId = text(128);

/** A partner's own fields; `timezone` null means the lab's. */
export const ZPartnerFields = {
  name: text(200),
  type: ZPartnerType,
  externalId: ZPartnerExternalId.nullable().optional(),
  timezone: ZTimeZone.nullable().optional(),
  active: z.boolean({ message: "expected true or false" }).optional(),
};

export const ZPartnerChannels = z
  .array(ZChannel, { message: "expected a list of channels" })
  .min(1, "expected at least one channel")
  .max(CHANNELS.length, `expected at most ${CHANNELS.length} channels`)
  .refine((channels) => new Set(channels).size === channels.length, "expected each channel once");

/** A partner contact: the person's contact fields, the channels they are reached on and the events they receive (none listed: all). */
export const ZPartnerContactFields = {
  ...ZContactFields.omit({ externalId: true }).shape,
  name: text(200),
  channels: ZPartnerChannels,
  triggers: z
    .array(ZTriggerKey, { message: "expected a list of trigger keys" })
    .max(100, "expected at most 100 triggers")
    .refine((keys) => new Set(keys).size === keys.length, "expected each trigger once")
    .default([]),
};

export const DIGEST_WINDOW_MAX_MINUTES = 7 * 24 * 60;

/** What a partner is told of one trigger. A digest goes at a local time each day, or a window after its first event. */
export const ZPartnerRuleFields = z
  .strictObject({
    triggerKey: ZTriggerKey,
    channels: ZPartnerChannels,
    notifyPatient: z.boolean({ message: "expected true or false" }),
    delivery: z.enum(["IMMEDIATE", "DIGEST"], { message: "expected IMMEDIATE or DIGEST" }),
    digestAt: ZClockTime.nullable().optional(),
    digestWindowMinutes: z
      .number({ message: "expected a number of minutes" })
      .int("expected a whole number of minutes")
      .min(5, "expected at least 5 minutes")
      .max(DIGEST_WINDOW_MAX_MINUTES, `expected at most ${DIGEST_WINDOW_MAX_MINUTES} minutes (a week)`)
      .nullable()
      .optional(),
  })
  .superRefine((rule, ctx) => {
    const timed = rule.digestAt != null;
    const windowed = rule.digestWindowMinutes != null;
    if (rule.delivery === "DIGEST" && timed === windowed) {
      ctx.addIssue({ code: "custom", path: ["digestAt"], message: "a digest needs either digestAt (a local time) or digestWindowMinutes, not both" });
    }
    if (rule.delivery === "IMMEDIATE" && (timed || windowed)) {
      ctx.addIssue({ code: "custom", path: [timed ? "digestAt" : "digestWindowMinutes"], message: "only a DIGEST rule has a digest time or window" });
    }
  });

export type TPartnerRuleFields = z.output<typeof ZPartnerRuleFields>;

/** A partner named in a send: by Herald id or the lab system's id. */
export const ZPartnerReference = z
  .strictObject({ partnerId: ZId.optional(), externalId: ZPartnerExternalId.optional() })
  .refine((ref) => (ref.partnerId === undefined) !== (ref.externalId === undefined), "expected partnerId or externalId, one of them");

export type TPartnerReference = z.output<typeof ZPartnerReference>;

/** Variables every partner template may use; `events` holds each event's own variables (one, or a digest's many). */
export const PARTNER_TEMPLATE_VARIABLES = ["partnerName", "contactName", "eventCount", "events"] as const;

/**
 * What a partner template's WhatsApp binding may pass: the partner's values and each event's own (a
 * parameter then lists every event's value, in order); the events list itself has no one-line value.
 */
export function partnerBindingVariables(eventVariables: readonly string[]): string[] {
  return [...PARTNER_TEMPLATE_VARIABLES.filter((name) => name !== "events"), ...eventVariables];
}
