// The OTP API's shapes and the rules every challenge follows.
import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import { ZCountry, ZLanguage } from "@/server/domain/lab-settings";
import { ZChannel } from "@/server/domain/triggers";
import { ZId } from "@/server/api/schemas";

/** Starts per recipient of a lab: 5 in 10 minutes, 20 a day. */
export const RECIPIENT_LIMITS = [
  { rule: "recipient_10m", limit: 5, windowMs: 10 * 60_000 },
  { rule: "recipient_day", limit: 20, windowMs: 24 * 60 * 60_000 },
] as const;

/** Checks and sends a challenge allows (OWASP ASVS 6: a bounded number of guesses per code). */
export const MAX_CHECKS = 5;
export const MAX_SENDS = 5;

export const OTP_DEFAULTS = {
  channels: ["SMS", "WHATSAPP", "EMAIL"] as Channel[],
  expiryMinutes: 10,
  codeLength: 6,
  resendCooldownSeconds: 30,
  fallbackAfterSeconds: 60,
  startsPerCallerPerMinute: 300,
  startsPerLabPerHour: 3000,
  countries: [] as string[],
  allowOtherCountries: false,
};

export type TOtpSettings = typeof OTP_DEFAULTS;

const ZChannelList = z
  .array(ZChannel, { message: "expected a list of channels" })
  .min(1, "expected at least one channel")
  .max(3, "expected at most 3 channels")
  .refine((c) => new Set(c).size === c.length, "expected each channel once");

const whole = (min: number, max: number, unit: string) =>
  z
    .number({ message: "expected a number" })
    .int("expected a whole number")
    .min(min, `expected at least ${min} ${unit}`)
    .max(max, `expected at most ${max} ${unit}`);

export const ZCodeLength = whole(4, 10, "digits");

/** What a lab admin may change about the lab's OTPs. */
export const ZOtpSettings = z.strictObject({
  channels: ZChannelList,
  expiryMinutes: whole(2, 30, "minutes"),
  codeLength: ZCodeLength,
  resendCooldownSeconds: whole(10, 600, "seconds"),
  fallbackAfterSeconds: whole(10, 600, "seconds"),
  startsPerCallerPerMinute: whole(1, 100_000, "starts"),
  startsPerLabPerHour: whole(1, 1_000_000, "starts"),
  countries: z
    .array(ZCountry, { message: "expected a list of country codes" })
    .max(250, "expected at most 250 countries")
    .refine((c) => new Set(c).size === c.length, "expected each country once"),
  allowOtherCountries: z.boolean({ message: "expected true or false" }),
});

/** What a code is issued for: `portal_login`, `report_access`, ... */
export const ZPurpose = z
  .string({ message: "expected a purpose such as portal_login" })
  .min(1, "must not be empty")
  .max(64, "expected at most 64 characters")
  .regex(/^[a-z][a-z0-9_.:-]*$/, "expected lowercase letters, digits, _ . : - (e.g. portal_login)");

/** A phone (any format the lab's country reads) or an email; normalised by the service. */
export const ZOtpRecipient = z
  .string({ message: "expected a phone number or an email address" })
  .trim()
  .min(3, "expected a phone number or an email address")
  .max(254, "expected at most 254 characters");

export const ZOtpCode = z
  .string({ message: "expected the code as a string of digits" })
  .min(4, "expected 4 to 10 digits")
  .max(10, "expected 4 to 10 digits")
  .regex(/^\d+$/, "expected digits only");

export const ZStartOtp = {
  to: ZOtpRecipient,
  /** An email for the EMAIL channel when `to` is a phone. */
  email: z.email({ message: "expected an email address" }).max(254, "expected at most 254 characters").optional(),
  channels: ZChannelList.optional(),
  purpose: ZPurpose,
  language: ZLanguage.optional(),
  codeLength: ZCodeLength.optional(),
  idempotencyKey: z.string({ message: "expected a string" }).min(1, "must not be empty").max(128, "expected at most 128 characters").optional(),
};

/** Which challenge a check or cancel means: its id, or the pending one for (to, purpose). */
export const ZChallengeRef = {
  challengeId: ZId.optional(),
  to: ZOtpRecipient.optional(),
  purpose: ZPurpose.optional(),
};

export type TChallengeRef = { challengeId?: string; to?: string; purpose?: string };

export const OTP_STATUS_NAMES = {
  PENDING: "pending",
  APPROVED: "approved",
  EXPIRED: "expired",
  MAX_ATTEMPTS_REACHED: "max_attempts_reached",
  CANCELED: "canceled",
} as const;

export type TOtpStatusName = (typeof OTP_STATUS_NAMES)[keyof typeof OTP_STATUS_NAMES];

/** A recipient as lists and the dashboard show it: enough to recognise, not to reuse. */
export function maskRecipient(to: string): string {
  const at = to.indexOf("@");
  if (at > 0) return `${to.slice(0, 1)}${"•".repeat(Math.max(1, at - 1))}${to.slice(at)}`;
  return to.length <= 6 ? "•".repeat(to.length) : `${to.slice(0, 4)}${"•".repeat(to.length - 6)}${to.slice(-2)}`;
}
