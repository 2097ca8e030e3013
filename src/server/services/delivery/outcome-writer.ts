import { sqlOf, type Db } from "@/server/db";
import { groupWriter } from "@/server/db/group-writer";
import type { TDispatchOutcome } from "@/server/services/delivery/plan-dispatch-outcome";
import { recordDispatchWrites, type TDispatchWrite } from "@/server/services/delivery/record-dispatch-outcomes";

export type TOutcomeWriter = {
  /** Resolves once the message is marked as being handed to its provider now (before the call). */
  markCalling(messageIds: readonly string[]): Promise<void>;
  /** Resolves once the outcome is durable: true when written, false when the claim was lost. */
  write(outcome: TDispatchOutcome): Promise<boolean>;
};

type TWrite = TDispatchWrite & ({ outcome: TDispatchOutcome } | { calling: readonly string[] });

/**
 * Records a dispatch as it happens, grouping whatever arrives while a write is in flight into the
 * next statement: outcomes and marks alike, so a slot that writes its outcome and marks its next
 * call in the same turn pays one round trip and one commit for both. A caller marks its messages
 * before their provider call and awaits its outcome's write before the next call, so after a crash
 * Herald knows exactly which calls may have reached the provider (at most those in flight) and which
 * never started. The dispatch jobs running at once on one database client share the statements:
 * each row carries its own run's worker id and time.
 */
export function createOutcomeWriter(db: Db, workerId: string, clock: () => Date): TOutcomeWriter {
  const write = sharedWriter(db);
  return {
    markCalling: async (messageIds) => void (await write({ workerId, at: clock(), calling: messageIds })),
    write: (outcome) => write({ workerId, at: clock(), outcome }),
  };
}

const writers = new WeakMap<Db, (item: TWrite) => Promise<boolean>>();

function sharedWriter(db: Db): (item: TWrite) => Promise<boolean> {
  let write = writers.get(db);
  if (!write) {
    // Several statements per batch: on the pool directly, without Prisma's per-statement work.
    const sql = sqlOf(db);
    write = groupWriter<TWrite, boolean>(async (items) => {
      const outcomes: (TDispatchWrite & { outcome: TDispatchOutcome })[] = [];
      const calling: (TDispatchWrite & { messageId: string })[] = [];
      for (const item of items) {
        if ("outcome" in item) outcomes.push(item);
        else for (const messageId of item.calling) calling.push({ workerId: item.workerId, at: item.at, messageId });
      }
      const written = new Set((await recordDispatchWrites(sql, { outcomes, calling })).map((w) => `${w.workerId}\n${w.messageId}`));
      return (item) => !("outcome" in item) || written.has(`${item.workerId}\n${item.outcome.messageId}`);
    });
    writers.set(db, write);
  }
  return write;
}
