import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { accountsVisibleTo } from "@/server/services/business-accounts/list-business-accounts";
import { loadBreakerViews, type TBreakerView } from "@/server/services/delivery/account-breaker";

/** The window a failure rate is measured over: long enough to see a pattern, short enough to show today. */
export const HEALTH_WINDOW_MS = 24 * 60 * 60_000;
/** How far back the last error is looked for: bounded, so a healthy account costs one index range, not the lab's history. */
export const LAST_ERROR_WINDOW_MS = 7 * HEALTH_WINDOW_MS;

// Statuses a provider has answered for; queued or scheduled messages say nothing about an account yet.
const ANSWERED = ["SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED"] as const;
const FAILED = new Set<string>(["UNDELIVERED", "FAILED"]);

export type TAccountHealth = {
  accountId: string;
  /** Messages of this lab the account answered for in the window. */
  answered: number;
  failed: number;
  /** failed / answered, 0..1; null when it answered none. */
  failureRate: number | null;
  /** The newest error of this lab's messages on the account in the last 7 days. */
  lastError: { code: string | null; message: string | null; at: Date } | null;
  /** The account's circuit breaker now (shared by every lab the account sends for). */
  breaker: TBreakerView;
};

export type TGetAccountHealthOptions = { db: Db; labId: string; channel?: Channel; now?: Date };

/**
 * How each account the lab can use has been doing for this lab's messages (a platform default's other
 * labs stay out of it): outcomes over the last 24 hours, the most recent error of the last 7 days, and
 * whether its breaker holds its messages back now.
 */
export async function getAccountHealth({ db, labId, channel, now = new Date() }: TGetAccountHealthOptions): Promise<TAccountHealth[]> {
  const accounts = await db.businessAccount.findMany({ where: { ...accountsVisibleTo(labId), ...(channel && { channel }) }, select: { id: true } });
  if (accounts.length === 0) return [];
  const accountIds = accounts.map((a) => a.id);
  const since = new Date(now.getTime() - HEALTH_WINDOW_MS);
  const [counts, lastErrors, breakers] = await Promise.all([
    db.message.groupBy({
      by: ["businessAccountId", "status"],
      where: { labId, businessAccountId: { in: accountIds }, createdAt: { gte: since }, status: { in: [...ANSWERED] } },
      _count: { _all: true },
    }),
    Promise.all(
      accountIds.map((id) =>
        db.message.findFirst({
          where: { labId, businessAccountId: id, errorCode: { not: null }, createdAt: { gte: new Date(now.getTime() - LAST_ERROR_WINDOW_MS) } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { errorCode: true, errorMessage: true, updatedAt: true },
        }),
      ),
    ),
    loadBreakerViews(db, accountIds, now.getTime()),
  ]);
  return accountIds.map((accountId, index) => {
    const rows = counts.filter((row) => row.businessAccountId === accountId);
    const answered = rows.reduce((sum, row) => sum + row._count._all, 0);
    const failed = rows.filter((row) => FAILED.has(row.status)).reduce((sum, row) => sum + row._count._all, 0);
    const last = lastErrors[index];
    return {
      accountId,
      answered,
      failed,
      failureRate: answered > 0 ? failed / answered : null,
      lastError: last ? { code: last.errorCode, message: last.errorMessage, at: last.updatedAt } : null,
      breaker: breakers.get(accountId)!,
    };
  });
}
