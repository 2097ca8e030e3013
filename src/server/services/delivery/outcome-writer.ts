import type { Db } from "@/server/db";
import type { TDispatchOutcome } from "@/server/services/delivery/plan-dispatch-outcome";
import { recordDispatchOutcomes } from "@/server/services/delivery/record-dispatch-outcomes";

export type TOutcomeWriter = {
  /** Resolves once the outcome is durable: true when written, false when the claim was lost. */
  write(outcome: TDispatchOutcome): Promise<boolean>;
};

/**
 * Writes provider outcomes as they come back, grouping whatever arrived while the previous write was
 * in flight into the next statement. A caller awaits its own outcome before making its next provider
 * call, so a crash loses at most the calls in flight, never a batch's worth of accepted sends.
 */
export function createOutcomeWriter(db: Db, workerId: string, clock: () => Date): TOutcomeWriter {
  let queue: { outcome: TDispatchOutcome; settle: (written: boolean) => void; fail: (error: unknown) => void }[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const written = await recordDispatchOutcomes(db, { workerId, at: clock(), outcomes: batch.map((b) => b.outcome) });
        for (const entry of batch) entry.settle(written.has(entry.outcome.messageId));
      } catch (error) {
        for (const entry of batch) entry.fail(error);
      }
    }
    flushing = false;
  }

  return {
    write(outcome) {
      return new Promise<boolean>((settle, fail) => {
        queue.push({ outcome, settle, fail });
        if (!flushing) void flush();
      });
    },
  };
}
