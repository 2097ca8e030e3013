import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { applyTriggerChanges } from "@/server/services/triggers/apply-trigger-changes";
import { findRecommendedTriggers } from "@/server/services/triggers/find-recommended-triggers";

export type TEnableRecommendedTriggersOptions = { principal: TPrincipal | null; labId: string };

/**
 * Turns on the recommended triggers (transactional, on channels with an account)
 * that the lab has never set, audited: a new lab's sensible start, and the
 * one-click fix once it adds an account. A trigger a lab admin turned off stays off.
 */
export async function enableRecommendedTriggers(db: Db, options: TEnableRecommendedTriggersOptions) {
  return db.$transaction((tx) => applyRecommendedTriggers(tx, options));
}

/** The same, in the caller's transaction (a lab being created). */
export async function applyRecommendedTriggers(tx: Prisma.TransactionClient, { principal, labId }: TEnableRecommendedTriggersOptions) {
  const { accountChannels, pairs } = await findRecommendedTriggers(tx, labId);
  const enabled = await applyTriggerChanges(tx, { principal, labId, pairs, enabled: true, onlyUnset: true });
  return { accountChannels, enabled };
}
