import type { Db } from "@/server/db";
import { OTP_DEFAULTS, type TOtpSettings } from "@/server/domain/otp";

export const otpSettingsSelect = {
  channels: true,
  expiryMinutes: true,
  codeLength: true,
  resendCooldownSeconds: true,
  fallbackAfterSeconds: true,
  startsPerCallerPerMinute: true,
  startsPerLabPerHour: true,
  countries: true,
  allowOtherCountries: true,
} as const;

/** The lab's OTP settings, the defaults where it has set none. */
export async function loadOtpSettings(db: Db, labId: string): Promise<TOtpSettings> {
  const row = await db.otpSettings.findUnique({ where: { labId }, select: otpSettingsSelect });
  return row ?? { ...OTP_DEFAULTS };
}
