import type { Db } from "@/server/db";

/**
 * Per message, the accounts it already failed over from since it was last (re)queued by a user:
 * failover never returns to them. Read from the timeline, which is where failovers are recorded.
 */
export async function loadExhaustedAccounts(db: Db, messageIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const exhausted = new Map<string, Set<string>>();
  if (messageIds.length === 0) return exhausted;
  const events = await db.messageEvent.findMany({
    where: { messageId: { in: [...messageIds] }, type: { in: ["failover", "retry_requested"] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { messageId: true, type: true, detail: true },
  });
  for (const event of events) {
    // A user's retry starts the chain afresh (e.g. after fixing an account's credentials).
    if (event.type === "retry_requested") exhausted.delete(event.messageId);
    const from = (event.detail as { from?: unknown } | null)?.from;
    if (event.type === "failover" && typeof from === "string") {
      const set = exhausted.get(event.messageId) ?? new Set<string>();
      set.add(from);
      exhausted.set(event.messageId, set);
    }
  }
  return exhausted;
}
