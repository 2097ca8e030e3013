import type { Db } from "@/server/db";
import { IDEMPOTENCY_WINDOW_MS } from "@/server/domain/send";

export type TExpireSendRequestsOptions = { db: Db; now?: Date };

/**
 * Deletes idempotency records past their 24 hours and returns how many. The
 * send flow already treats such keys as new; this only reclaims the rows,
 * which would otherwise grow with every keyed send.
 */
export async function expireSendRequests({ db, now = new Date() }: TExpireSendRequestsOptions): Promise<number> {
  const { count } = await db.sendRequest.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) } } });
  return count;
}
