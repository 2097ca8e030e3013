import type { Channel, TriggerAudience } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";

export type TLabTriggerView = {
  key: string;
  name: string;
  description: string;
  category: string;
  critical: boolean;
  variables: string[];
  /** Who is told of it: patients, partners, or both. */
  audience: TriggerAudience;
  /** Each channel the trigger allows, and whether this lab sends on it. */
  channels: { channel: Channel; enabled: boolean }[];
};

/** The catalogue with one lab's enablement per channel (no row means off). */
export async function listTriggers(db: Db, labId: string): Promise<TLabTriggerView[]> {
  const triggers = await db.trigger.findMany({
    orderBy: { key: "asc" },
    include: { labTriggers: { where: { labId }, select: { channel: true, enabled: true } } },
  });
  return triggers.map(({ labTriggers, channels, createdAt: _c, updatedAt: _u, ...trigger }) => {
    const enabled = new Map(labTriggers.map((row) => [row.channel, row.enabled]));
    return { ...trigger, channels: channels.map((channel) => ({ channel, enabled: enabled.get(channel) ?? false })) };
  });
}
