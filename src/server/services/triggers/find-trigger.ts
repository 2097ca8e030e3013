import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";

/** A catalogue trigger, or NOT_FOUND naming the triggerKey field. */
export async function findTrigger(db: Db | Prisma.TransactionClient, triggerKey: string) {
  const trigger = await db.trigger.findUnique({ where: { key: triggerKey } });
  if (!trigger) throw new AppError("NOT_FOUND", `no trigger ${triggerKey}`, "triggerKey");
  return trigger;
}
