import type { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TTriggerChannel } from "@/server/services/triggers/apply-trigger-changes";

/** The catalogue category a new lab sends from the start: what patients expect to hear (registration, report ready, ...). */
export const RECOMMENDED_CATEGORY = "transactional";

export type TRecommendedTriggers = {
  /** Channels on which the lab can send: an active account of its own or a platform default. */
  accountChannels: Channel[];
  /** Transactional triggers on those channels. */
  pairs: TTriggerChannel[];
  /** Those the lab has never set: what "enable the recommended triggers" would turn on. */
  pending: TTriggerChannel[];
};

/**
 * What a lab should have on: the catalogue's transactional triggers, on each
 * channel it has an active provider account for. Billing, reminders, OTP and
 * marketing wait for a lab admin's decision.
 */
export async function findRecommendedTriggers(db: Db | Prisma.TransactionClient, labId: string): Promise<TRecommendedTriggers> {
  const [accounts, triggers, set] = await Promise.all([
    db.businessAccount.findMany({ where: { active: true, OR: [{ labId }, { labId: null }] }, select: { channel: true }, distinct: ["channel"] }),
    db.trigger.findMany({ where: { category: RECOMMENDED_CATEGORY }, orderBy: { key: "asc" }, select: { key: true, channels: true } }),
    db.labTrigger.findMany({ where: { labId, trigger: { category: RECOMMENDED_CATEGORY } }, select: { triggerKey: true, channel: true } }),
  ]);
  const accountChannels = accounts.map((a) => a.channel).sort();
  const usable = new Set(accountChannels);
  const pairs = triggers.flatMap((trigger) => trigger.channels.filter((channel) => usable.has(channel)).map((channel) => ({ triggerKey: trigger.key, channel })));
  const decided = new Set(set.map((row) => `${row.triggerKey}/${row.channel}`));
  return { accountChannels, pairs, pending: pairs.filter((p) => !decided.has(`${p.triggerKey}/${p.channel}`)) };
}
