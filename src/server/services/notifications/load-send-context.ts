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

type TTriggerRow = TTriggerForSend & { enabled: Channel[] };

/**
 * Triggers with the lab's enablement, and template candidates, in two parallel
 * queries. Both are read fresh on every call (no cross-call cache), so a
 * template edit or a trigger switched off applies to the very next send.
 */
export async function loadSendContext(db: Db, { labId, triggerKeys }: TLoadSendContextOptions): Promise<TSendContext> {
  const [triggers, candidates] = await Promise.all([
    db.$queryRaw<TTriggerRow[]>`
      SELECT t.key, t.category, t.critical, t.channels::text[] AS channels,
             COALESCE(array_agg(lt.channel::text) FILTER (WHERE lt.enabled), '{}') AS enabled
      FROM "Trigger" t
      LEFT JOIN "LabTrigger" lt ON lt."triggerKey" = t.key AND lt."labId" = ${labId}
      WHERE t.key = ANY(${triggerKeys}::text[])
      GROUP BY t.key`,
    loadTemplateCandidates(db, { labId, triggerKeys }),
  ]);
  return {
    triggers: new Map(triggers.map(({ enabled: _enabled, ...trigger }) => [trigger.key, trigger])),
    enabledChannels: new Map(triggers.map((trigger) => [trigger.key, new Set(trigger.enabled)])),
    candidates,
  };
}
