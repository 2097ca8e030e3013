// Inputs and shapes of bulk campaigns: the column mapping, a row's problems and decisions, the limits.
import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import { ZIdempotencyKey } from "@/server/domain/send";
import { ZLanguage } from "@/server/domain/lab-settings";
import { CHANNELS } from "@/server/domain/notifications";
import { ZVariableName } from "@/server/domain/templates";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";

export const MAX_CAMPAIGN_ROWS = 100_000;
export const MAX_CAMPAIGN_COLUMNS = 100;
export const MAX_CELL_LENGTH = 4000;
/** Rows per appendRows call. */
export const MAX_APPEND_ROWS = 1000;
/** How many rows' problems the page shows; the CSV has them all. */
export const SHOWN_ROW_ERRORS = 50;

export const CAMPAIGN_FORMATS = ["csv", "tsv", "xlsx"] as const;
export type TCampaignFormat = (typeof CAMPAIGN_FORMATS)[number];

/** The recipient fields a column can fill. */
export const RECIPIENT_FIELDS = ["externalId", "name", "phone", "whatsapp", "email", "language"] as const;
export type TRecipientField = (typeof RECIPIENT_FIELDS)[number];

export const ZCampaignName = z.string({ message: "expected a name" }).trim().min(1, "must not be empty").max(200, "expected at most 200 characters");

/** Messages a second all of a lab's campaigns share; null gives the platform's rate (CAMPAIGN_RATE_PER_SECOND) back. */
export const ZCampaignRate = z
  .number({ message: "expected messages a second (a number), or null for the platform's rate" })
  .min(0.1, "expected at least 0.1 messages a second")
  .max(1000, "expected at most 1000 messages a second")
  .nullable();

const ZColumnName = z.string({ message: "expected a column name" }).min(1, "must not be empty").max(200, "expected at most 200 characters");

export const ZCampaignColumns = z
  .array(ZColumnName, { message: "expected the header row's column names" })
  .min(1, "expected at least one column")
  .max(MAX_CAMPAIGN_COLUMNS, `expected at most ${MAX_CAMPAIGN_COLUMNS} columns`)
  .refine((columns) => new Set(columns).size === columns.length, "expected each column name once");

export const ZCampaignCells = z.array(z.string({ message: "expected text cells" }).max(MAX_CELL_LENGTH, `expected at most ${MAX_CELL_LENGTH} characters`), {
  message: "expected a row of text cells",
});

/** Which column fills each recipient field and each trigger variable (by header name). */
export const ZCampaignMapping = z.strictObject({
  externalId: ZColumnName.optional(),
  name: ZColumnName.optional(),
  phone: ZColumnName.optional(),
  whatsapp: ZColumnName.optional(),
  email: ZColumnName.optional(),
  language: ZColumnName.optional(),
  variables: z.record(ZVariableName, ZColumnName, { message: "expected an object of variable names to column names" }).default({}),
});
export type TCampaignMapping = z.output<typeof ZCampaignMapping>;

export const ZCampaignChannels = z
  .array(ZChannel, { message: "expected a list of channels" })
  .min(1, "expected at least one channel")
  .max(CHANNELS.length, `expected at most ${CHANNELS.length} channels`)
  .refine((channels) => new Set(channels).size === channels.length, "expected each channel once");

export const ZCampaignSettings = {
  triggerKey: ZTriggerKey,
  channels: ZCampaignChannels,
  language: ZLanguage.optional(),
  mapping: ZCampaignMapping,
};

export { ZIdempotencyKey };

/** A row's problem, by the column at fault (null: the row as a whole). */
export type TRowError = { column: string | null; message: string };

/** What validation (or the send) decided for one channel of a row. */
export type TRowChannelOutcome = { channel: Channel; status: "send" | "skip"; reason: string | null };

/** The counts a validation gives: rows, and per channel message what would be sent or skipped and why. */
export type TCampaignSummary = {
  rows: number;
  ready: number;
  skipped: number;
  rejected: number;
  wouldSend: number;
  /** Skipped channel messages by reason (consent_withdrawn, suppressed, preference_opt_out, no_address, ...). */
  skipReasons: Record<string, number>;
  /** Problems of the whole campaign, named by setting (e.g. the trigger is off for the lab). */
  warnings: string[];
};
