import { z } from "zod";
import { CHANNELS } from "@/server/domain/notifications";
import { ZLanguage } from "@/server/domain/lab-settings";
import { ZTemplateContent, ZVariableName } from "@/server/domain/templates";

export const ZChannel = z.enum(CHANNELS, { message: `expected one of ${CHANNELS.join(", ")}` });

export const ZTriggerKey = z
  .string({ message: "expected a trigger key" })
  .min(1, "must not be empty")
  .max(64, "expected at most 64 characters")
  .regex(/^[A-Z][A-Z0-9_]*$/, "expected an upper-case trigger key such as REPORT_READY");

/** Preferences opt out per category; "security" triggers are usually critical. */
export const TRIGGER_CATEGORIES = ["transactional", "reminder", "billing", "security", "marketing"] as const;
export const ZTriggerCategory = z.enum(TRIGGER_CATEGORIES, { message: `expected one of ${TRIGGER_CATEGORIES.join(", ")}` });

export const TRIGGER_AUDIENCES = ["PATIENT", "PARTNER", "BOTH"] as const;
export const ZTriggerAudience = z.enum(TRIGGER_AUDIENCES, { message: `expected one of ${TRIGGER_AUDIENCES.join(", ")}` });

/** A template speaks to the patient, or to a partner's contact about one event or a digest of many. */
export const TEMPLATE_AUDIENCES = ["PATIENT", "PARTNER"] as const;
export const ZTemplateAudience = z.enum(TEMPLATE_AUDIENCES, { message: `expected one of ${TEMPLATE_AUDIENCES.join(", ")}` });

/** One trigger of the platform catalogue, as config/templates.v1.json declares it. */
export const ZTriggerDefinition = z.strictObject({
  key: ZTriggerKey,
  name: z.string().trim().min(1, "must not be empty").max(120, "expected at most 120 characters"),
  description: z.string().max(500, "expected at most 500 characters").default(""),
  category: ZTriggerCategory,
  channels: z.array(ZChannel).min(1, "expected at least one channel").refine((c) => new Set(c).size === c.length, "expected each channel once"),
  critical: z.boolean().default(false),
  variables: z.array(ZVariableName).refine((v) => new Set(v).size === v.length, "expected each variable once"),
  /** Who is told: the patient, the lab's partner organisations, or both. */
  audience: ZTriggerAudience.default("PATIENT"),
});

export type TTriggerDefinition = z.infer<typeof ZTriggerDefinition>;

/** What validation needs to know about a trigger. */
export type TTriggerRules = Pick<TTriggerDefinition, "key" | "channels" | "variables">;

/** A platform default template in the catalogue file. */
export const ZTemplateDefinition = z.strictObject({
  trigger: ZTriggerKey,
  audience: ZTemplateAudience.default("PATIENT"),
  channel: ZChannel,
  language: ZLanguage,
  ...ZTemplateContent.shape,
});

export type TTemplateDefinition = z.infer<typeof ZTemplateDefinition>;

/** config/templates.v*.json: the trigger catalogue and the platform's default templates. */
export const ZCatalogue = z.strictObject({
  version: z.number().int().min(1),
  triggers: z.array(ZTriggerDefinition).min(1, "expected at least one trigger"),
  templates: z.array(ZTemplateDefinition),
});

export type TCatalogue = z.infer<typeof ZCatalogue>;
