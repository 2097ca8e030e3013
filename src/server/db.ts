import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/server/env";
import { sqlRunner, sqlTransaction, type SqlRunner, type TSqlTransactionOptions } from "@/server/db/sql-runner";

export type Db = PrismaClient;

// The pool under each client, for the statements that skip Prisma (sqlOf, sqlTransactionOf). Kept on
// globalThis like the client itself: Next bundles each route with its own copy of this module, and a
// route must find the pool of the client another route's copy created.
const globalForPools = globalThis as unknown as { heraldPools?: WeakMap<PrismaClient, pg.Pool> };
const pools = (globalForPools.heraldPools ??= new WeakMap<PrismaClient, pg.Pool>());

export function createDb(connectionString: string, max = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString, max });
  // $disconnect ends the pool, as it ends the one the adapter would have made itself.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("this Prisma client was not made by createDb(), so its connection pool is unknown");
  return pool;
}

const globalForBounded = globalThis as unknown as { heraldBoundedPools?: WeakMap<pg.Pool, Map<number, pg.Pool>> };
const boundedPools = (globalForBounded.heraldBoundedPools ??= new WeakMap<pg.Pool, Map<number, pg.Pool>>());

/**
 * A sibling of `pool` whose connections carry a statement timeout from the start, so a single
 * autocommit statement is bounded without a transaction and a SET around it (three round trips
 * more). Made on first use, half the size of its sibling, ended with it.
 */
function boundedPoolOf(pool: pg.Pool, statementTimeoutMs: number): pg.Pool {
  let byTimeout = boundedPools.get(pool);
  if (!byTimeout) {
    const siblings = (byTimeout = new Map());
    boundedPools.set(pool, siblings);
    const end = pool.end.bind(pool);
    pool.end = (async () => {
      await Promise.all([...siblings.values()].map((sibling) => sibling.end()));
      await end();
    }) as pg.Pool["end"];
  }
  let bounded = byTimeout.get(statementTimeoutMs);
  if (!bounded) {
    const max = Math.max(2, Math.ceil((pool.options.max ?? 10) / 2));
    bounded = new pg.Pool({ ...pool.options, max, statement_timeout: Math.trunc(statementTimeoutMs) });
    byTimeout.set(statementTimeoutMs, bounded);
  }
  return bounded;
}

/**
 * Raw statements on the client's pool without Prisma's per-statement work (see SqlRunner); with
 * `statementTimeoutMs`, on connections where every statement is bounded by it.
 */
export function sqlOf(db: Db, options?: { statementTimeoutMs: number }): SqlRunner {
  const pool = poolOf(db);
  return sqlRunner(options ? boundedPoolOf(pool, options.statementTimeoutMs) : pool);
}

/** A transaction of raw statements on the client's pool (see sqlTransaction). */
export function sqlTransactionOf<T>(db: Db, work: (tx: SqlRunner) => Promise<T>, options: TSqlTransactionOptions): Promise<T> {
  return sqlTransaction(poolOf(db), work, options);
}

const globalForDb = globalThis as unknown as { heraldDb?: PrismaClient };

/** The process-wide client; DATABASE_URL is set by start-up (or the test setup). */
export function db(): PrismaClient {
  if (!globalForDb.heraldDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Herald with `npm run dev` or set it to a PostgreSQL URL");
    globalForDb.heraldDb = createDb(url, env().DATABASE_POOL_SIZE);
  }
  return globalForDb.heraldDb;
}
