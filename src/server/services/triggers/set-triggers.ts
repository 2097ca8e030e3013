import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError, type TFieldIssue } from "@/server/errors";
import { applyTriggerChanges } from "@/server/services/triggers/apply-trigger-changes";

export type TSetTriggersOptions = {
  principal: TPrincipal | null;
  labId: string;
  /** Left out: every catalogue trigger. */
  triggerKeys?: string[];
  /** Left out: every channel each trigger allows. */
  channels?: Channel[];
  enabled: boolean;
};

/**
 * Turns many triggers on or off at once (a row or column of the matrix, the
 * CLI), each change audited. Channels a trigger does not allow are skipped
 * when several triggers are set; a named trigger that allows none of the named
 * channels, and an unknown trigger, are refused with every one named.
 */
export async function setTriggers(db: Db, { principal, labId, triggerKeys, channels, enabled }: TSetTriggersOptions) {
  return db.$transaction(async (tx) => {
    const triggers = await tx.trigger.findMany({ where: triggerKeys ? { key: { in: triggerKeys } } : {}, orderBy: { key: "asc" }, select: { key: true, channels: true } });
    const byKey = new Map(triggers.map((t) => [t.key, t]));
    const issues: TFieldIssue[] = [];
    triggerKeys?.forEach((key, index) => {
      const trigger = byKey.get(key);
      if (!trigger) issues.push({ field: `triggerKeys.${index}`, message: `no trigger ${key}` });
      else if (channels && !trigger.channels.some((c) => channels.includes(c))) {
        issues.push({ field: `triggerKeys.${index}`, message: `${key} is not sent on ${channels.join(", ")} (it allows ${trigger.channels.join(", ")})` });
      }
    });
    if (issues.length > 0) throw AppError.forFields("BAD_REQUEST", [issues[0]!, ...issues.slice(1)]);

    const pairs = triggers.flatMap((trigger) => trigger.channels.filter((c) => !channels || channels.includes(c)).map((channel) => ({ triggerKey: trigger.key, channel })));
    const changed = await applyTriggerChanges(tx, { principal, labId, pairs, enabled });
    return { enabled, changed, unchanged: pairs.length - changed.length };
  });
}
