import { sqlOf, type Db } from "@/server/db";
import { groupWriter } from "@/server/db/group-writer";
import { sqlTimestamp } from "@/server/db/sql-time";
import type { TDispatchOutcome } from "@/server/services/delivery/plan-dispatch-outcome";
import { recordDispatchOutcomes } from "@/server/services/delivery/record-dispatch-outcomes";

export type TOutcomeWriter = {
  /** Resolves once the message is marked as being handed to its provider now (before the call). */
  markCalling(messageIds: readonly string[]): Promise<void>;
  /** Resolves once the outcome is durable: true when written, false when the claim was lost. */
  write(outcome: TDispatchOutcome): Promise<boolean>;
};

type TWrite = { outcome: TDispatchOutcome } | { calling: readonly string[] };

/**
 * Records a dispatch as it happens, grouping whatever arrives while a write is in flight into the
 * next statement: outcomes and marks alike, so a slot that writes its outcome and marks its next
 * call in the same turn pays one round trip and one commit for both. A caller marks its messages
 * before their provider call and awaits its outcome's write before the next call, so after a crash
 * Herald knows exactly which calls may have reached the provider (at most those in flight) and which
 * never started.
 */
export function createOutcomeWriter(db: Db, workerId: string, clock: () => Date): TOutcomeWriter {
  // Several statements per batch: on the pool directly, without Prisma's per-statement work.
  const sql = sqlOf(db);
  const write = groupWriter<TWrite, boolean>(async (items) => {
    const outcomes = items.flatMap((item) => ("outcome" in item ? [item.outcome] : []));
    const calling = items.flatMap((item) => ("calling" in item ? item.calling : []));
    if (outcomes.length === 0) {
      await sql.$executeRaw`
        UPDATE "Message" SET "callStartedAt" = ${sqlTimestamp(clock())}
        WHERE id = ANY(${calling}::text[]) AND status::text = 'SENDING' AND "claimedBy" = ${workerId}`;
      return () => true;
    }
    const written = await recordDispatchOutcomes(sql, { workerId, at: clock(), outcomes, calling });
    return (item) => !("outcome" in item) || written.has(item.outcome.messageId);
  });
  return {
    markCalling: async (messageIds) => void (await write({ calling: messageIds })),
    write: (outcome) => write({ outcome }),
  };
}
