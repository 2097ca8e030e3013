import type { PGlite } from "@electric-sql/pglite";

const code = (type: string) => type.charCodeAt(0);
/** Frontend messages of the extended query protocol that leave a batch open until its Sync. */
const BATCH_MESSAGES = new Set(["P", "B", "D", "E", "C", "H"].map(code));
const SYNC = code("S");
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/**
 * pglite-socket 0.2.17 queues single protocol messages from all connections
 * and keeps one connection's messages together only inside a transaction. But
 * between Parse and Sync the unnamed statement and portal live in PGlite's one
 * session, so another connection's Parse in between replaces them: "bind
 * message supplies 2 parameters, but prepared statement "" requires 1", or
 * silently wrong rows (electric-sql/pglite#1046; it happens when a batch
 * arrives in several TCP reads, e.g. with large parameters).
 *
 * The queue asks isInTransaction() before taking a message from another
 * connection; reporting an open batch as a transaction keeps the batch's
 * connection served until its Sync.
 */
export function guardExtendedQueryBatches(db: PGlite): PGlite {
  let batchOpen = false;
  return new Proxy(db, {
    get(target, property) {
      switch (property) {
        case "isInTransaction":
          return () => batchOpen || target.isInTransaction();
        case "execProtocolRawStream":
          return (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
            const type = message[0] ?? 0;
            if (BATCH_MESSAGES.has(type)) batchOpen = true;
            else if (type === SYNC) batchOpen = false;
            return target.execProtocolRawStream(message, options);
          };
        case "exec":
          // The server's only exec is the ROLLBACK for a connection that went
          // away mid-transaction; end its unfinished batch first, or PGlite
          // would skip the next connection's messages until a Sync.
          return async (...args: Parameters<PGlite["exec"]>) => {
            if (batchOpen) {
              await target.execProtocolRaw(SYNC_MESSAGE);
              batchOpen = false;
            }
            return target.exec(...args);
          };
        default: {
          // PGlite keeps its state in #private fields, which only the real instance can reach.
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === "function" ? value.bind(target) : value;
        }
      }
    },
  });
}
