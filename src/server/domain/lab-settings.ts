import { z } from "zod";

export const SUPPORTED_LANGUAGES = ["en", "ar", "hi", "ur", "fr"] as const;
export const ZLanguage = z.enum(SUPPORTED_LANGUAGES, { message: `expected one of ${SUPPORTED_LANGUAGES.join(", ")}` });

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
const timeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

export const ZCountry = z
  .string()
  .regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 country code such as SA or IN")
  .refine(isKnownRegion, "expected a known ISO 3166-1 alpha-2 country code");

// Zod runs refinements even after the regex fails, and Intl throws on malformed codes.
function isKnownRegion(code: string): boolean {
  try {
    return regionNames.of(code) !== code;
  } catch {
    return false;
  }
}

export const ZTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => timeZones.has(tz), "expected an IANA time zone such as Asia/Riyadh");

export const ZClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a 24-hour time HH:MM");

export const ZLabName = z.string().trim().min(1, "must not be empty").max(120, "expected at most 120 characters");

export const ZSlug = z
  .string()
  .min(2, "expected at least 2 characters")
  .max(48, "expected at most 48 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected lowercase letters, digits and single hyphens");

/** Everything a lab admin may change about a lab. */
export const ZLabSettings = z.strictObject({
  name: ZLabName,
  hardStop: z.boolean(),
  defaultLanguage: ZLanguage,
  country: ZCountry,
  timezone: ZTimeZone,
  quietHoursStart: ZClockTime.nullable(),
  quietHoursEnd: ZClockTime.nullable(),
  retentionDays: z.number().int("expected a whole number of days").min(1, "expected at least 1 day").max(3650, "expected at most 3650 days"),
});

export type TLabSettings = z.infer<typeof ZLabSettings>;

export const labSettingsSelect = {
  id: true,
  organizationId: true,
  name: true,
  slug: true,
  hardStop: true,
  defaultLanguage: true,
  country: true,
  timezone: true,
  quietHoursStart: true,
  quietHoursEnd: true,
  retentionDays: true,
  createdAt: true,
  updatedAt: true,
} as const;
