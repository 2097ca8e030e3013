import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { recordAudit } from "@/server/services/audit/record-audit";

export const TEST_SEND_ACTION = "businessAccount.testSend";
/** Test sends per account per minute: enough to fix a config by trial, too few to spam from. */
export const TEST_SENDS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

export type TClaimTestSendOptions = {
  db: Db;
  principal: TPrincipal | null;
  lab: { id: string; organizationId: string } | null;
  accountId: string;
  messageId: string;
  to: string;
};

/**
 * Counts the account's test sends of the last minute in the audit log, and when there is room writes
 * this one's entry: the entry is the claim, written before the provider is called, so a send that
 * crashes still counts. The account's lock makes concurrent claims queue, across processes.
 */
export async function claimTestSend({ db, principal, lab, accountId, messageId, to }: TClaimTestSendOptions): Promise<{ retryAfterMs: number } | null> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`herald:test-send:${accountId}`}))`;
    const since = new Date(Date.now() - WINDOW_MS);
    const recent = await tx.auditLog.findMany({
      // labId first: the audit log's (labId, createdAt) index finds the last minute's entries.
      where: { labId: lab?.id ?? null, createdAt: { gt: since }, action: TEST_SEND_ACTION, targetId: accountId },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
      take: TEST_SENDS_PER_MINUTE,
    });
    if (recent.length >= TEST_SENDS_PER_MINUTE) return { retryAfterMs: Math.max(0, recent[0]!.createdAt.getTime() + WINDOW_MS - Date.now()) };
    await recordAudit(tx, {
      principal,
      labId: lab?.id ?? null,
      organizationId: lab?.organizationId ?? null,
      action: TEST_SEND_ACTION,
      targetType: "businessAccount",
      targetId: accountId,
      diff: { messageId, to },
    });
    return null;
  });
}

/** Adds the outcome to the test send's audit entry, found by its message id. */
export async function recordTestSendOutcome(db: Db, { accountId, messageId, to }: { accountId: string; messageId: string; to: string }, outcome: Record<string, string | boolean>): Promise<void> {
  await db.auditLog.updateMany({
    where: { action: TEST_SEND_ACTION, targetId: accountId, diff: { path: ["messageId"], equals: messageId } },
    data: { diff: { messageId, to, outcome } },
  });
}
