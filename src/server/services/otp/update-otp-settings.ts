import type { TPrincipal } from "@/server/access/principal";
import type { Db } from "@/server/db";
import { OTP_DEFAULTS, type TOtpSettings } from "@/server/domain/otp";
import { diffFields, recordAudit } from "@/server/services/audit/record-audit";
import { otpSettingsSelect } from "@/server/services/otp/load-otp-settings";

export type TUpdateOtpSettingsOptions = { db: Db; principal: TPrincipal; labId: string; organizationId: string; changes: Partial<TOtpSettings> };

/** Applies a partial change to the lab's OTP settings (the defaults where none were set), audited. */
export async function updateOtpSettings({ db, principal, labId, organizationId, changes }: TUpdateOtpSettingsOptions): Promise<TOtpSettings> {
  return db.$transaction(async (tx) => {
    const before = (await tx.otpSettings.findUnique({ where: { labId }, select: otpSettingsSelect })) ?? { ...OTP_DEFAULTS };
    // Lists compare by content: a list sent back unchanged is no change.
    const changed = Object.fromEntries(Object.entries(changes).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof TOtpSettings])));
    const diff = diffFields(before, changed);
    if (Object.keys(diff).length === 0) return before;
    const after = await tx.otpSettings.upsert({ where: { labId }, create: { ...before, ...changed, labId }, update: changed, select: otpSettingsSelect });
    await recordAudit(tx, { principal, labId, organizationId, action: "otp.settings.update", targetType: "lab", targetId: labId, diff });
    return after;
  });
}
