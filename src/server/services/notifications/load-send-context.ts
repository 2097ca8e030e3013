import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TResolvedTemplate } from "@/server/domain/notifications";
import { loadTemplateCandidates } from "@/server/services/templates/load-template-candidates";
import type { TTriggerForSend } from "@/server/services/notifications/decide-channel";

export type TLoadSendContextOptions = { labId: string; triggerKeys: string[] };

/** What every item of a call shares, loaded once per call rather than per item. */
export type TSendContext = {
  triggers: Map<string, TTriggerForSend>;
  /** Trigger key -> the channels the lab has enabled it on. */
  enabledChannels: Map<string, Set<Channel>>;
  candidates: TResolvedTemplate[];
};

/**
 * Triggers, the lab's enablement and template candidates in three parallel
 * queries. Templates are read fresh on every call (no cross-call cache), so an
 * edit applies to the very next send.
 */
export async function loadSendContext(db: Db, { labId, triggerKeys }: TLoadSendContextOptions): Promise<TSendContext> {
  const [triggers, labTriggers, candidates] = await Promise.all([
    db.trigger.findMany({ where: { key: { in: triggerKeys } }, select: { key: true, category: true, critical: true, channels: true } }),
    db.labTrigger.findMany({ where: { labId, triggerKey: { in: triggerKeys }, enabled: true }, select: { triggerKey: true, channel: true } }),
    loadTemplateCandidates(db, { labId, triggerKeys }),
  ]);
  const enabledChannels = new Map<string, Set<Channel>>();
  for (const row of labTriggers) {
    const channels = enabledChannels.get(row.triggerKey) ?? new Set<Channel>();
    channels.add(row.channel);
    enabledChannels.set(row.triggerKey, channels);
  }
  return { triggers: new Map(triggers.map((trigger) => [trigger.key, trigger])), enabledChannels, candidates };
}
