import { z } from "zod";
import type { Channel, Lab, TriggerAudience } from "@/generated/prisma/client";
import type { TContactForSend, TRendered, TResolvedTemplate, TSkipReason } from "@/server/domain/notifications";
import { nextAllowedSendTime } from "@/server/domain/quiet-hours";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";
import { pickTemplate } from "@/server/services/templates/pick-template";
import { MissingVariableError, renderTemplate } from "@/server/services/templates/render-template";

export type TTriggerForSend = { key: string; category: string; critical: boolean; channels: Channel[]; audience?: TriggerAudience };

export type TLabForSend = Pick<Lab, "id" | "hardStop" | "country" | "defaultLanguage" | "timezone" | "quietHoursStart" | "quietHoursEnd">;

export type TDecideChannelOptions = {
  channel: Channel;
  trigger: TTriggerForSend;
  /** Channels the lab has enabled for this trigger (LabTrigger rows). */
  enabledChannels: ReadonlySet<Channel>;
  lab: TLabForSend;
  contact: TContactForSend;
  /** Addresses validated earlier in this call (by the contact upsert): checking them again costs a phone parse each. */
  verifiedAddresses?: ReadonlySet<string>;
  candidates: TResolvedTemplate[];
  variables: Record<string, unknown>;
  /** Skip every channel for this reason, once the trigger is known to be allowed and enabled on it. */
  withheld?: TSkipReason;
  language?: string;
  sendAt?: Date;
  now: Date;
};

export type TSkipped = {
  status: "SKIPPED";
  reason: TSkipReason;
  /** The reason as stored on the message: "missing_variable:patientName" names the variable. */
  skipReason: string;
  detail: Record<string, string>;
  template?: TResolvedTemplate;
  to?: string;
};

export type TSendable = {
  status: "QUEUED" | "SCHEDULED";
  to: string;
  template: TResolvedTemplate;
  rendered: TRendered;
  sendAt: Date | null;
  /** Why a message waits: the caller asked for later, or the lab's quiet hours. */
  scheduledFor: "send_at" | "quiet_hours" | null;
};

export type TChannelDecision = TSkipped | TSendable;

const ZEmailAddress = z.email();

function skip(reason: TSkipReason, extra: Partial<Omit<TSkipped, "status" | "reason">> = {}): TSkipped {
  return { status: "SKIPPED", reason, skipReason: extra.skipReason ?? reason, detail: extra.detail ?? {}, template: extra.template, to: extra.to };
}

/**
 * Whether and how one channel of a request goes out, applying the rules in
 * their fixed order so the recorded reason is always the first that applies.
 * Pure: everything it needs is loaded once per call by the caller.
 */
export function decideChannel(options: TDecideChannelOptions): TChannelDecision {
  const { channel, trigger, lab, contact } = options;
  if (!trigger.channels.includes(channel)) return skip("trigger_not_allowed_on_channel");
  if (!options.enabledChannels.has(channel)) return skip("trigger_disabled");
  if (options.withheld) return skip(options.withheld);
  if (lab.hardStop) return skip("hard_stop");
  // A withdrawn consent binds even critical messages; a category opt-out does not.
  if (contact.consents[channel]?.status === "WITHDRAWN") return skip("consent_withdrawn");
  if (!trigger.critical && contact.optedOutCategories.includes(trigger.category)) {
    return skip("preference_opt_out", { detail: { category: trigger.category } });
  }

  const languages = [options.language, contact.language, lab.defaultLanguage, "en"];
  const template = pickTemplate(options.candidates, { triggerKey: trigger.key, channel, languages });
  if (!template) return skip("no_template", { detail: { languages: languages.filter(Boolean).join(",") } });

  let rendered: TRendered;
  try {
    rendered = renderTemplate(template, options.variables);
  } catch (error) {
    if (error instanceof MissingVariableError) {
      return skip("missing_variable", { skipReason: `missing_variable:${error.variable}`, detail: { variable: error.variable, field: error.field }, template });
    }
    return skip("render_error", { detail: { error: error instanceof Error ? error.message : String(error) }, template });
  }

  const address = addressFor(channel, contact);
  if (!address) return skip("no_address", { template });
  const to = options.verifiedAddresses?.has(address) ? address : validAddress(channel, address, lab.country);
  if (!to) return skip("invalid_address", { template, to: address });
  if (contact.suppressed.includes(`${channel}:${channel === "EMAIL" ? to.toLowerCase() : to}`)) return skip("suppressed", { template, to });

  const requested = options.sendAt ?? null;
  const wanted = requested ?? options.now;
  const allowed = nextAllowedSendTime({ now: wanted, critical: trigger.critical, timezone: lab.timezone, quietHoursStart: lab.quietHoursStart, quietHoursEnd: lab.quietHoursEnd });
  if (allowed.getTime() > wanted.getTime()) return { status: "SCHEDULED", to, template, rendered, sendAt: allowed, scheduledFor: "quiet_hours" };
  if (requested) return { status: "SCHEDULED", to, template, rendered, sendAt: requested, scheduledFor: "send_at" };
  return { status: "QUEUED", to, template, rendered, sendAt: null, scheduledFor: null };
}

function addressFor(channel: Channel, contact: TContactForSend): string | null {
  if (channel === "SMS") return contact.phone;
  if (channel === "WHATSAPP") return contact.whatsapp ?? contact.phone;
  return contact.email;
}

/** The address in the form providers take (E.164 for phones), or null when it cannot be reached. */
function validAddress(channel: Channel, address: string, country: string): string | null {
  if (channel === "EMAIL") return ZEmailAddress.safeParse(address).success ? address : null;
  return normalizePhone(address, country);
}
