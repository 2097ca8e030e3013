import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";
import { pruneRateLimitCounters } from "@/server/services/otp/consume-rate-limits";
import { followUpOtpFailures } from "@/server/services/otp/advance-otp-challenge";
import { endOtpChallenges } from "@/server/services/otp/end-otp-challenge";

const BATCH = 500;

/**
 * Ends challenges past their expiry (their sealed code and message bodies erased, unsent messages
 * cancelled), moves on any pending challenge whose current message failed without its follow-up
 * (a delivery report's hook that did not run), erases any sealed body left on a message that can no
 * longer go out, and forgets rate counters whose window has passed.
 */
export async function sweepOtpChallenges({ db, now = new Date() }: { db: Db; now?: Date }) {
  let expired = 0;
  for (;;) {
    const due = await db.otpChallenge.findMany({ where: { status: "PENDING", expiresAt: { lte: now } }, select: { id: true }, take: BATCH });
    if (due.length === 0) break;
    const ended = await sqlTransactionOf(db, (tx) => endOtpChallenges(tx, { ids: due.map((c) => c.id), status: "EXPIRED", now }), { statementTimeoutMs: 30_000 });
    expired += ended.length;
    if (due.length < BATCH) break;
  }
  const failed = await sqlOf(db).$queryRaw<{ id: string }[]>`
    SELECT m.id FROM "OtpChallenge" c JOIN "Message" m ON m.id = c."currentMessageId"
    WHERE c.status = 'PENDING' AND c."expiresAt" > ${sqlTimestamp(now)} AND m.status::text IN ('FAILED', 'SKIPPED', 'UNDELIVERED')
    LIMIT ${BATCH}`;
  const movedOn = await followUpOtpFailures(db, failed.map((m) => m.id));
  // A message accepted through a path that does not erase (a late acceptance adopted from a callback) or ended otherwise.
  const erased = await sqlOf(db).$executeRaw`
    UPDATE "Message" SET "sealedContent" = NULL
    WHERE "sealedContent" IS NOT NULL AND status::text NOT IN ('QUEUED', 'SCHEDULED', 'SENDING') AND "updatedAt" < ${sqlTimestamp(now)}`;
  const counters = await pruneRateLimitCounters(sqlOf(db), now);
  return { expired, movedOn, erased, counters };
}
