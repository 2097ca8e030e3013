import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";

export type TChainAccount = {
  id: string;
  labId: string | null;
  channel: Channel;
  provider: string;
  maxAttempts: number;
  configEnc: string;
};

export type TAccountChains = {
  /** The accounts a lab's message on this channel tries, in order: the lab's by priority, then the platform defaults. */
  chain(labId: string, channel: Channel): TChainAccount[];
};

const ORDER = [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }] as const;

/** The failover chains of several labs and channels, read in one query. */
export async function loadAccountChains(db: Db, pairs: readonly { labId: string; channel: Channel }[]): Promise<TAccountChains> {
  const labIds = [...new Set(pairs.map((p) => p.labId))];
  const channels = [...new Set(pairs.map((p) => p.channel))];
  const accounts =
    pairs.length === 0
      ? []
      : await db.businessAccount.findMany({
          where: { active: true, channel: { in: channels }, OR: [{ labId: { in: labIds } }, { labId: null }] },
          orderBy: [...ORDER],
          select: { id: true, labId: true, channel: true, provider: true, maxAttempts: true, configEnc: true },
        });
  return {
    chain(labId, channel) {
      const ofChannel = accounts.filter((a) => a.channel === channel);
      return [...ofChannel.filter((a) => a.labId === labId), ...ofChannel.filter((a) => a.labId === null)];
    },
  };
}
