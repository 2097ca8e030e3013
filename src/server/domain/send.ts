// Inputs and responses of the send flow (notifications.send and sendMany).
import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import { ZId } from "@/server/api/schemas";
import { ZContactFields } from "@/server/domain/contacts";
import { ZLanguage } from "@/server/domain/lab-settings";
import { CHANNELS } from "@/server/domain/notifications";
import { ZVariableName } from "@/server/domain/templates";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { ZPartnerReference } from "@/server/domain/partners";

export const MAX_SEND_MANY_ITEMS = 1000;
/** A scheduled send further ahead than this is almost certainly a unit mistake (ms for s). */
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;
const DATE_TIME_FORMAT = "expected an ISO 8601 date-time such as 2026-03-01T09:00:00+03:00";

export const ZIdempotencyKey = z
  .string({ message: "expected a string key" })
  .min(1, "must not be empty")
  .max(256, "expected at most 256 characters");

const ZVariableValue = z.union([z.string().max(4000, "expected at most 4000 characters"), z.number(), z.boolean()], {
  message: "expected a string, number or boolean",
});

export const ZVariables = z
  .record(ZVariableName, ZVariableValue, {
    error: (issue) => (issue.code === "invalid_key" ? "expected variable names of letters, digits and _" : "expected an object of variable values"),
  })
  .refine((variables) => Object.keys(variables).length <= 100, "expected at most 100 variables");

/**
 * Who to notify: an existing contact by `contactId`, an existing contact by
 * `externalId` alone, or contact fields that create or update the contact.
 */
export const ZRecipient = ZContactFields.extend({ contactId: ZId.optional() }).superRefine((recipient, ctx) => {
  if (recipient.contactId !== undefined && Object.keys(recipient).length > 1) {
    ctx.addIssue({ code: "custom", path: ["contactId"], message: "send contactId alone, or contact fields without it" });
  }
  const { contactId, externalId, phone, whatsapp, email } = recipient;
  if (!contactId && !externalId && !phone && !whatsapp && !email) {
    ctx.addIssue({ code: "custom", message: "expected contactId, externalId, or an address (phone, whatsapp or email)" });
  }
});

/** An instant as an ISO 8601 string with offset (JSON clients) or a Date (superjson clients). */
export const ZDateTime = z
  .union([z.iso.datetime({ offset: true, message: DATE_TIME_FORMAT }), z.date()], { message: DATE_TIME_FORMAT })
  .transform((value) => new Date(value));

export const ZSendAt = ZDateTime.refine((at) => at.getTime() > Date.now(), "expected a time in the future").refine(
  (at) => at.getTime() < Date.now() + MAX_SCHEDULE_AHEAD_MS,
  "expected a time within a year",
);

const ZChannels = z
  .array(ZChannel, { message: "expected a list of channels" })
  .min(1, "expected at least one channel")
  .max(CHANNELS.length, `expected at most ${CHANNELS.length} channels`)
  .refine((channels) => new Set(channels).size === channels.length, "expected each channel once");

/**
 * One notification request: a trigger for one recipient on some or all of its channels, and/or for a
 * partner organisation, whose contacts hear of it under the partner's rules.
 */
export const ZSendItem = z.strictObject({
  trigger: ZTriggerKey,
  recipient: ZRecipient.optional(),
  /** The partner to tell (by Herald id or the lab system's id): each of its contacts for this event, now or in a digest. */
  partner: ZPartnerReference.optional(),
  variables: ZVariables.default({}),
  channels: ZChannels.optional(),
  language: ZLanguage.optional(),
  /** The same key within 24 hours returns the first response and sends nothing new. */
  idempotencyKey: ZIdempotencyKey.optional(),
  sendAt: ZSendAt.optional(),
}).superRefine(requireRecipientOrPartner);

/** A send tells a patient, a partner, or both; one of them must be named. */
export function requireRecipientOrPartner(item: { recipient?: unknown; partner?: unknown }, ctx: z.RefinementCtx): void {
  if (item.recipient === undefined && item.partner === undefined) ctx.addIssue({ code: "custom", path: ["recipient"], message: "expected a recipient, a partner, or both" });
}

export type TSendItemInput = z.input<typeof ZSendItem>;
export type TSendItem = z.output<typeof ZSendItem>;
export type TRecipient = z.output<typeof ZRecipient>;

/** sendMany: per-item keys guard each item; the batch key guards the whole call. */
export const ZSendManyFields = {
  idempotencyKey: ZIdempotencyKey.optional(),
  items: z
    .array(ZSendItem, { message: "expected a list of items" })
    .min(1, "expected at least one item")
    .max(MAX_SEND_MANY_ITEMS, `expected at most ${MAX_SEND_MANY_ITEMS} items`),
};

// ----- Responses ---------------------------------------------------------------------

export type TChannelOutcome = {
  channel: Channel;
  /** Skipped channels get a message too, so the decision stays on record. */
  messageId: string;
  status: "queued" | "scheduled" | "skipped";
  /** Why skipped (e.g. "missing_variable:patientName"), or why scheduled ("quiet_hours", "send_at"). */
  reason: string | null;
  sendAt: string | null;
};

/** What a partner was told of one event: a message per contact and channel, or a place in a digest. */
export type TPartnerOutcome = {
  partnerId: string;
  /** "no_rule": the partner is not told of this trigger; "inactive": the partner is switched off. */
  status: "sent" | "digest" | "no_rule" | "inactive";
  contacts: { contactId: string; channels: TChannelOutcome[] }[];
  /** When the digest carrying this event goes out. */
  digestAt: string | null;
};

export type TItemOutcome = {
  requestId: string;
  /** The patient's contact; null when only a partner was named. */
  contactId: string | null;
  externalId: string | null;
  channels: TChannelOutcome[];
  partner?: TPartnerOutcome;
};

/** What a send returns; `replayed` is true when an idempotency key matched an earlier request. */
export type TSendResult = TItemOutcome & { replayed: boolean };

export type TSendManyResult = {
  requestId: string;
  replayed: boolean;
  items: TSendResult[];
};

/** What a SendRequest row keeps: one item's outcome (per-item key) or a whole batch (batch key). */
export type TStoredResponse = { kind: "item"; outcome: TItemOutcome } | { kind: "batch"; requestId: string; items: TItemOutcome[] };

/** An idempotency key answers with its first response for this long; after that it is new again. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
