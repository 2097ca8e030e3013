/**
 * Batches writes: an item waits while the previous write is in flight and goes, with everything else
 * that arrived meanwhile, into the next one. Under no load an item is written at once (after the
 * callbacks ready in the same turn); under load one statement and one commit serve many callers, and
 * batches are written in the order they formed. `flush` returns each item's result; when it throws,
 * every item of that batch fails with the error, and when the result of one item throws, that item alone fails.
 */
export function groupWriter<TItem, TResult>(flush: (items: TItem[]) => Promise<(item: TItem, index: number) => TResult>): (item: TItem) => Promise<TResult> {
  let queue: { item: TItem; settle: (result: TResult) => void; fail: (error: unknown) => void }[] = [];
  let flushing = false;
  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      let resultOf: (item: TItem, index: number) => TResult;
      try {
        resultOf = await flush(batch.map((b) => b.item));
      } catch (error) {
        for (const entry of batch) entry.fail(error);
        continue;
      }
      batch.forEach((entry, index) => {
        try {
          entry.settle(resultOf(entry.item, index));
        } catch (error) {
          entry.fail(error);
        }
      });
    }
    flushing = false;
  }
  return (item) =>
    new Promise<TResult>((settle, fail) => {
      queue.push({ item, settle, fail });
      if (!flushing) {
        flushing = true;
        // After the callbacks ready in this turn, so items queued together go in one statement.
        setImmediate(() => void drain());
      }
    });
}
