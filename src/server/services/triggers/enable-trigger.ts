import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";

export type TEnableTriggerOptions = {
  principal: TPrincipal | null;
  labId: string;
  triggerKey: string;
  channel: Channel;
  enabled: boolean;
};

/** Turns one trigger on or off for one channel of a lab, audited; a repeat of the current state writes nothing. */
export async function enableTrigger(db: Db, { principal, labId, triggerKey, channel, enabled }: TEnableTriggerOptions) {
  return db.$transaction(async (tx) => {
    const trigger = await tx.trigger.findUnique({ where: { key: triggerKey }, select: { key: true, channels: true } });
    if (!trigger) throw new AppError("NOT_FOUND", `no trigger ${triggerKey}`, "triggerKey");
    if (!trigger.channels.includes(channel)) {
      throw new AppError("BAD_REQUEST", `${triggerKey} is not sent on ${channel} (it allows ${trigger.channels.join(", ")})`, "channel");
    }
    const where = { labId_triggerKey_channel: { labId, triggerKey, channel } };
    const before = await tx.labTrigger.findUnique({ where, select: { enabled: true } });
    const result = { triggerKey, channel, enabled };
    if ((before?.enabled ?? false) === enabled) return result;
    await tx.labTrigger.upsert({ where, create: { labId, triggerKey, channel, enabled }, update: { enabled } });
    await recordAudit(tx, {
      principal,
      labId,
      action: enabled ? "trigger.enable" : "trigger.disable",
      targetType: "trigger",
      targetId: triggerKey,
      diff: { channel, enabled: { from: before?.enabled ?? false, to: enabled } },
    });
    return result;
  });
}
