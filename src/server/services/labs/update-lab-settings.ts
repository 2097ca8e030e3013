import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { labSettingsSelect, type TLabSettings } from "@/server/domain/lab-settings";
import { diffFields, recordAudit } from "@/server/services/audit/record-audit";
import { forgetLab } from "@/server/services/api-keys/api-key-cache";

export type TUpdateLabSettingsOptions = {
  db: Db;
  principal: TPrincipal;
  labId: string;
  changes: Partial<TLabSettings>;
};

/** Applies a partial settings change to a lab the caller administers, audited. */
export async function updateLabSettings({ db, principal, labId, changes }: TUpdateLabSettingsOptions) {
  const updated = await db.$transaction(async (tx) => {
    const before = await tx.lab.findUnique({ where: { id: labId }, select: labSettingsSelect });
    if (!before) throw new AppError("NOT_FOUND", "lab not found", "labId");

    const start = changes.quietHoursStart !== undefined ? changes.quietHoursStart : before.quietHoursStart;
    const end = changes.quietHoursEnd !== undefined ? changes.quietHoursEnd : before.quietHoursEnd;
    if ((start === null) !== (end === null)) {
      const missing = start === null ? "quietHoursStart" : "quietHoursEnd";
      throw AppError.forFields("BAD_REQUEST", [{ field: missing, message: "set both quiet-hours times, or clear both", params: { reason: "quiet_hours_both" } }]);
    }
    if (start !== null && start === end) {
      throw AppError.forFields("BAD_REQUEST", [{ field: "quietHoursEnd", message: "must differ from quietHoursStart", params: { reason: "quiet_hours_same" } }]);
    }

    const diff = diffFields(before, changes);
    if (Object.keys(diff).length === 0) return before;

    const after = await tx.lab.update({ where: { id: labId }, data: changes, select: labSettingsSelect });
    await recordAudit(tx, {
      principal,
      labId,
      organizationId: before.organizationId,
      action: "lab.settings.update",
      targetType: "lab",
      targetId: labId,
      diff,
    });
    return after;
  });
  // API calls read the lab with their key (api-key-cache.ts): this process's next ones see the change.
  forgetLab(db, labId);
  return updated;
}
