import type { TIssueParams } from "@/server/errors";
import { z } from "zod";
import type { TResolvedTemplate } from "@/server/domain/notifications";

/** Languages written right to left: their email and previews render with dir="rtl". */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(["ar", "ur", "fa", "he"]);

export type TTextDirection = "ltr" | "rtl";

/** "ar" and "ar-SA" are both right to left. */
export function textDirection(language: string): TTextDirection {
  return RTL_LANGUAGES.has(language.toLowerCase().split("-")[0]!) ? "rtl" : "ltr";
}

/** Providers refuse SMS bodies over 1,600 characters (Twilio's limit). */
export const SMS_MAX_CHARACTERS = 1600;

/** Variable names usable in templates and WhatsApp bindings. */
export const ZVariableName = z
  .string()
  .min(1, "must not be empty")
  .max(64, "expected at most 64 characters")
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "expected a variable name of letters, digits and _");

const liquidText = (max: number) => z.string().max(max, `expected at most ${max} characters`);

/**
 * The content of one template version. Which fields a channel needs is checked
 * by validation (SMS: body; email: subject and html; WhatsApp: a provider
 * binding), so that every problem is reported with its field, not just the first.
 */
export const ZTemplateContent = z.strictObject({
  body: liquidText(5_000).optional(),
  subject: liquidText(500).optional(),
  html: liquidText(200_000).optional(),
  text: liquidText(50_000).optional(),
  waTemplateName: z
    .string()
    .min(1, "must not be empty")
    .max(512, "expected at most 512 characters")
    .regex(/^[a-z0-9_]+$/, "expected a WhatsApp template name of lowercase letters, digits and _")
    .optional(),
  waContentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, "expected a Twilio ContentSid such as HX followed by 32 hex digits").optional(),
  waLanguage: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "expected a WhatsApp language code such as en, en_US or ar").optional(),
  waVariables: z.array(ZVariableName).max(20, "expected at most 20 variables").optional(),
});

export type TTemplateContent = z.infer<typeof ZTemplateContent>;

export const TEMPLATE_CONTENT_FIELDS = ["body", "subject", "html", "text", "waTemplateName", "waContentSid", "waLanguage", "waVariables"] as const;

/** A problem found when validating template content; errors refuse a save, warnings inform. */
/** A problem with a template's content; `params.reason` names the rule for a client that words it in its own language. */
export type TTemplateProblem = { field: string; severity: "error" | "warning"; message: string; params?: TIssueParams };

/** A version's content as stored (and as the send flow gets it): null for an absent field, [] for no WhatsApp variables. */
export type TVersionFields = Pick<TResolvedTemplate, (typeof TEMPLATE_CONTENT_FIELDS)[number]>;

export function versionFields(content: TTemplateContent): TVersionFields {
  return {
    body: content.body ?? null,
    subject: content.subject ?? null,
    html: content.html ?? null,
    text: content.text ?? null,
    waTemplateName: content.waTemplateName ?? null,
    waContentSid: content.waContentSid ?? null,
    waLanguage: content.waLanguage ?? null,
    waVariables: content.waVariables ?? [],
  };
}

/** The content of a stored version, for editing or copying (absent fields left out). */
export function contentOf(version: TVersionFields): TTemplateContent {
  const content: TTemplateContent = {};
  for (const field of TEMPLATE_CONTENT_FIELDS) {
    const value = version[field];
    if (field === "waVariables" ? (value as string[]).length > 0 : value !== null) Object.assign(content, { [field]: value });
  }
  return content;
}

/** The content fields that differ between two versions; none means saving would change nothing. */
export function changedFields(current: TVersionFields, next: TVersionFields): (keyof TVersionFields)[] {
  return TEMPLATE_CONTENT_FIELDS.filter((field) =>
    field === "waVariables" ? current.waVariables.join("\u0000") !== next.waVariables.join("\u0000") : current[field] !== next[field],
  );
}

export function sameContent(current: TVersionFields, next: TVersionFields): boolean {
  return changedFields(current, next).length === 0;
}
