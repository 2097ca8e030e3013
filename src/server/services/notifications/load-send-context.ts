import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TResolvedTemplate } from "@/server/domain/notifications";
import { ACCOUNT_CHAIN_ORDER } from "@/server/services/business-accounts/load-account-chains";
import { resolveCandidateScopes, templateCandidatesSql, type TCandidateRow } from "@/server/services/templates/load-template-candidates";
import type { TTriggerForSend } from "@/server/services/notifications/decide-channel";

export type TLoadSendContextOptions = { labId: string; triggerKeys: string[] };

/** What every item of a call shares, loaded once per call rather than per item. */
export type TSendContext = {
  triggers: Map<string, TTriggerForSend>;
  /** Trigger key -> the channels the lab has enabled it on. */
  enabledChannels: Map<string, Set<Channel>>;
  candidates: TResolvedTemplate[];
  /** Channel -> the account the lab's messages on it start on (the head of its failover chain). */
  firstAccounts: Map<Channel, string>;
};

type TTriggerRow = TTriggerForSend & { enabled: Channel[] };

/**
 * Triggers with the lab's enablement, template candidates and the head of each channel's account
 * chain, in one statement: one round trip and one pooled connection per call, where three parallel
 * queries held three of the pool's connections at once (under 50 concurrent sends, most of a send's
 * wait was for a connection). All are read fresh on every call (no cross-call cache), so a template
 * edit or a trigger switched off applies to the very next send.
 */
export async function loadSendContext(db: SqlRunner, { labId, triggerKeys }: TLoadSendContextOptions): Promise<TSendContext> {
  const [row] = await db.$queryRaw<{ triggers: TTriggerRow[]; candidates: TCandidateRow[]; firstAccounts: { channel: Channel; id: string }[] }[]>`
    SELECT
      (SELECT COALESCE(json_agg(x), '[]') FROM (
        SELECT t.key, t.category, t.critical, t.channels::text[] AS channels, t.audience::text AS audience,
               COALESCE(array_agg(lt.channel::text) FILTER (WHERE lt.enabled), '{}') AS enabled
        FROM "Trigger" t
        LEFT JOIN "LabTrigger" lt ON lt."triggerKey" = t.key AND lt."labId" = ${labId}
        WHERE t.key = ANY(${triggerKeys}::text[])
        GROUP BY t.key) x) AS triggers,
      (SELECT COALESCE(json_agg(c), '[]') FROM (${templateCandidatesSql({ labId, triggerKeys })}) c) AS candidates,
      (SELECT COALESCE(json_agg(a), '[]') FROM (
        SELECT DISTINCT ON (channel) channel::text AS channel, id
        FROM "BusinessAccount"
        WHERE active AND ("labId" = ${labId} OR "labId" IS NULL)
        ORDER BY channel, ${ACCOUNT_CHAIN_ORDER}) a) AS "firstAccounts"`;
  const { triggers, candidates, firstAccounts } = row!;
  return {
    triggers: new Map(triggers.map(({ enabled: _enabled, ...trigger }) => [trigger.key, trigger])),
    enabledChannels: new Map(triggers.map((trigger) => [trigger.key, new Set(trigger.enabled)])),
    candidates: resolveCandidateScopes(candidates),
    firstAccounts: new Map(firstAccounts.map((account) => [account.channel, account.id])),
  };
}
