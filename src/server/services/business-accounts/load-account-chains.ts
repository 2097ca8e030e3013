import { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";

export type TChainAccount = {
  id: string;
  labId: string | null;
  channel: Channel;
  provider: string;
  maxAttempts: number;
  /** The lab accepts a rare duplicate over a lost message when a send's outcome is unknown. */
  atLeastOnce: boolean;
  /** Provider requests a second across all workers; null takes the provider's own limit. */
  sendRatePerSecond: number | null;
  configEnc: string;
};

export type TAccountChains = {
  /** The accounts a lab's message on this channel tries, in order: the lab's by priority, then the platform defaults. */
  chain(labId: string, channel: Channel): TChainAccount[];
};

/**
 * The one definition of the failover order, for every query that walks a chain (this one, and the
 * send flow's read of each chain's head): the lab's own accounts before the platform's, then by
 * priority, then oldest first.
 */
export const ACCOUNT_CHAIN_ORDER = Prisma.sql`"labId" IS NULL, priority, "createdAt", id`;

/** The failover chains of several labs and channels, read in one query. */
export async function loadAccountChains(db: SqlRunner, pairs: readonly { labId: string; channel: Channel }[]): Promise<TAccountChains> {
  const labIds = [...new Set(pairs.map((p) => p.labId))];
  const channels = [...new Set(pairs.map((p) => p.channel))];
  const accounts =
    pairs.length === 0
      ? []
      : await db.$queryRaw<TChainAccount[]>`
          SELECT id, "labId", channel::text AS channel, provider, "maxAttempts", "atLeastOnce", "sendRatePerSecond", "configEnc"
          FROM "BusinessAccount"
          WHERE active AND channel::text = ANY(${channels}::text[]) AND ("labId" = ANY(${labIds}::text[]) OR "labId" IS NULL)
          ORDER BY ${ACCOUNT_CHAIN_ORDER}`;
  return {
    chain(labId, channel) {
      return accounts.filter((a) => a.channel === channel && (a.labId === labId || a.labId === null));
    },
  };
}
