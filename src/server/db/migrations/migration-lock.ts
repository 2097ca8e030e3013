import { setTimeout as sleep } from "node:timers/promises";
import { withPgClient } from "../with-pg-client";

/**
 * Our own advisory lock key. Not the engine's (72707369): the engine takes that
 * one itself on a pooled connection, so holding it here would deadlock.
 */
const MIGRATION_LOCK_KEY = 4_801_116_101;
const POLL_MS = 250;

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs `run` while no other caller migrates the same database. Across processes
 * on PostgreSQL, a session advisory lock: a second `applyMigrations` waits for
 * the first, then finds nothing pending. PGlite has one session shared by every
 * connection, where advisory locks always succeed, so calls in this process are
 * also queued in memory (the embedded server's owner is the one that migrates).
 */
export async function withMigrationLock<T>(url: string, run: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const previous = inProcess.get(url) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => withAdvisoryLock(url, run, timeoutMs));
  inProcess.set(url, current);
  try {
    return await current;
  } finally {
    if (inProcess.get(url) === current) inProcess.delete(url);
  }
}

async function withAdvisoryLock<T>(url: string, run: () => Promise<T>, timeoutMs: number): Promise<T> {
  return withPgClient(url, async (client) => {
    // Polling pg_try_advisory_lock needs no session setting (a SET would leak to
    // every connection on PGlite) and keeps no transaction open while waiting.
    const deadline = Date.now() + timeoutMs;
    while (!(await tryLock())) {
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out after ${timeoutMs / 1000}s waiting for another process to finish migrating ` +
            `(it holds pg_advisory_lock(${MIGRATION_LOCK_KEY})).`,
        );
      }
      await sleep(POLL_MS);
    }
    try {
      return await run();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }

    async function tryLock(): Promise<boolean> {
      const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK_KEY]);
      return result.rows[0]?.locked === true;
    }
  });
}
