import { z } from "zod";

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
