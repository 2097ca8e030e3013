import type { Db } from "@/server/db";

/**
 * Enables every catalogue trigger on every channel it allows, for a new lab or
 * the demo seed. Rows a lab admin already set (on or off) are left alone, so it
 * is safe to run again after the catalogue grows. Returns how many were added.
 */
export async function enableAllTriggers(db: Db, labId: string): Promise<number> {
  const triggers = await db.trigger.findMany({ select: { key: true, channels: true } });
  const { count } = await db.labTrigger.createMany({
    data: triggers.flatMap((trigger) => trigger.channels.map((channel) => ({ labId, triggerKey: trigger.key, channel, enabled: true }))),
    skipDuplicates: true,
  });
  return count;
}
