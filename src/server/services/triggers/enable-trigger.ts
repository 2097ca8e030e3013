import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { applyTriggerChanges } from "@/server/services/triggers/apply-trigger-changes";

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
    await applyTriggerChanges(tx, { principal, labId, pairs: [{ triggerKey, channel }], enabled });
    return { triggerKey, channel, enabled };
  });
}
