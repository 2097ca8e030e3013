import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";

/**
 * For each key, null when it is a trigger partners can be told of, else why not (missing keys: no
 * such trigger). A trigger whose audience is the patient alone has no partner templates.
 */
export async function findPartnerTriggers(db: Db | Prisma.TransactionClient, keys: string[]): Promise<Map<string, string | null>> {
  if (keys.length === 0) return new Map();
  const triggers = await db.trigger.findMany({ where: { key: { in: keys } }, select: { key: true, audience: true, channels: true } });
  return new Map(triggers.map((t) => [t.key, t.audience === "PATIENT" ? `${t.key} is told to patients only (its audience is PATIENT)` : null]));
}
