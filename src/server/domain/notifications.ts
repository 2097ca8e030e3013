// Shared shapes of the notification pipeline: what content services hand the
// send flow, and what the send flow hands delivery.
import type { Channel, ConsentStatus, MessageStatus } from "@/generated/prisma/enums";

export const CHANNELS = ["SMS", "WHATSAPP", "EMAIL"] as const satisfies readonly Channel[];

/** Why a channel was not sent; recorded on the message and its "skipped" event. */
export const SKIP_REASONS = [
  "trigger_not_allowed_on_channel",
  "trigger_disabled",
  "hard_stop",
  "consent_withdrawn",
  "suppressed",
  "preference_opt_out",
  "no_template",
  "missing_variable",
  "render_error",
  "no_address",
  "invalid_address",
  // The partner named in the send informs its own patients.
  "partner_informs_patient",
] as const;
export type TSkipReason = (typeof SKIP_REASONS)[number];

/** A template as the send flow uses it: the current version of the winning template. */
export type TResolvedTemplate = {
  templateId: string;
  versionId: string;
  version: number;
  scope: "lab" | "platform";
  triggerKey: string;
  channel: Channel;
  language: string;
  body: string | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  waTemplateName: string | null;
  waContentSid: string | null;
  waLanguage: string | null;
  waVariables: string[];
};

/** Rendered content, ready to store on a message and hand to a provider. */
export type TRendered = {
  body?: string;
  subject?: string;
  html?: string;
  text?: string;
  /** WhatsApp template parameters, in the binding's variable order. */
  waParameters?: string[];
  /** SMS only. */
  segments?: number;
  encoding?: "GSM-7" | "UCS-2";
};

/** A contact with what the send flow checks: addresses, language, consent, opt-outs. */
export type TContactForSend = {
  id: string;
  labId: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  whatsapp: string | null;
  email: string | null;
  language: string | null;
  consents: Partial<Record<Channel, { status: ConsentStatus; at: Date; source: string }>>;
  optedOutCategories: string[];
  /** The lab's suppression entries for this contact's addresses, as "CHANNEL:address". */
  suppressed: string[];
};

/** Status order: a message only moves forward; UNDELIVERED, FAILED and CANCELLED are terminal. */
export const STATUS_RANK: Record<MessageStatus, number> = {
  SKIPPED: 100,
  SCHEDULED: 0,
  QUEUED: 1,
  SENDING: 2,
  SENT: 3,
  DELIVERED: 4,
  READ: 5,
  UNDELIVERED: 100,
  FAILED: 100,
  CANCELLED: 100,
};

export const TERMINAL_STATUSES: ReadonlySet<MessageStatus> = new Set(["SKIPPED", "READ", "UNDELIVERED", "FAILED", "CANCELLED"]);

/** Where a status change or step came from. */
export type TEventSource = "api" | "worker" | "webhook" | "poll" | "user" | "system";
