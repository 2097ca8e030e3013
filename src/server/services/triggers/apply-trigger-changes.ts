import type { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { TPrincipal } from "@/server/access/principal";
import { recordAudit } from "@/server/services/audit/record-audit";

export type TTriggerChannel = { triggerKey: string; channel: Channel };

export type TApplyTriggerChangesOptions = {
  principal: TPrincipal | null;
  labId: string;
  /** Pairs the catalogue allows; callers check them first. */
  pairs: TTriggerChannel[];
  enabled: boolean;
  /** Leave pairs a lab admin already set (on or off) as they are: defaults never undo a choice. */
  onlyUnset?: boolean;
};

/**
 * Sets each trigger/channel pair of a lab on or off in the caller's transaction,
 * with one audit entry per pair that changed; pairs already as asked write
 * nothing. Returns the pairs that changed.
 */
export async function applyTriggerChanges(tx: Prisma.TransactionClient, { principal, labId, pairs, enabled, onlyUnset = false }: TApplyTriggerChangesOptions) {
  if (pairs.length === 0) return [];
  const rows = await tx.labTrigger.findMany({ where: { labId, triggerKey: { in: [...new Set(pairs.map((p) => p.triggerKey))] } }, select: { triggerKey: true, channel: true, enabled: true } });
  const current = new Map(rows.map((row) => [`${row.triggerKey}/${row.channel}`, row.enabled]));
  const changed = pairs.filter(({ triggerKey, channel }) => {
    const was = current.get(`${triggerKey}/${channel}`);
    return onlyUnset ? was === undefined : (was ?? false) !== enabled;
  });
  for (const { triggerKey, channel } of changed) {
    const where = { labId_triggerKey_channel: { labId, triggerKey, channel } };
    await tx.labTrigger.upsert({ where, create: { labId, triggerKey, channel, enabled }, update: { enabled } });
    await recordAudit(tx, {
      principal,
      labId,
      action: enabled ? "trigger.enable" : "trigger.disable",
      targetType: "trigger",
      targetId: triggerKey,
      diff: { channel, enabled: { from: current.get(`${triggerKey}/${channel}`) ?? false, to: enabled } },
    });
  }
  return changed;
}
