import { createHash } from "node:crypto";
import pg from "pg";
import { Prisma } from "@/generated/prisma/client";

/**
 * What hand-written SQL needs of a database handle: Prisma's raw-query methods. A Prisma client
 * or transaction is one; so is `sqlRunner(pool)`, which runs the same statements on node-postgres
 * directly, without Prisma's per-statement work (about a third of a millisecond of CPU each), for
 * the paths that run a few statements per request thousands of times a second.
 */
export interface SqlRunner {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

const OID = { INT8: 20, NUMERIC: 1700, TIMESTAMP: 1114 } as const;

/**
 * Results typed as Prisma's raw queries type them: a `timestamp` (Herald stores UTC wall time) is
 * that UTC instant, not the machine's local time; int8 is a bigint; numeric a Decimal.
 */
const PRISMA_LIKE_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format !== "binary") {
      if (oid === OID.TIMESTAMP) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
      if (oid === OID.INT8) return (text: string) => BigInt(text);
      if (oid === OID.NUMERIC) return (text: string) => new Prisma.Decimal(text);
    }
    return pg.types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** A Date parameter travels as its UTC wall time (as Prisma's pg adapter sends it); node-postgres would send local time. */
function parameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, -1);
  if (Array.isArray(value)) return value.some((item) => item instanceof Date) ? value.map(parameter) : value;
  return value;
}

const preparedNames = new WeakMap<Prisma.Sql, string>();

/**
 * Marks a statement to be prepared once per connection and its plan reused: for a long statement read
 * often (many CTEs and scans), planning can cost as much as running it. Only for statements outside a
 * transaction (see `run`). Runners on a Prisma client ignore the mark; the name carries a hash of the text, so each variant of a statement has its own.
 */
export function preparedSql(name: string, sql: Prisma.Sql): Prisma.Sql {
  preparedNames.set(sql, `${name}:${createHash("sha1").update(sql.text).digest("hex").slice(0, 16)}`);
  return sql;
}

function statement(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): pg.QueryConfig {
  const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
  const name = query instanceof Prisma.Sql ? preparedNames.get(query) : undefined;
  return { name, text: sql.text, values: sql.values.map(parameter), types: PRISMA_LIKE_TYPES };
}

/** Runs raw statements on a pool (each on any free connection) or on one checked-out connection. */
export function sqlRunner(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      return (await run(client, statement(query, values))).rows as T;
    },
    async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      return (await run(client, statement(query, values))).rowCount ?? 0;
    },
  };
}

/**
 * Runs a statement; a prepared one that the server says exists already is run unprepared. That
 * happens on the embedded database, whose connections share one session: another connection's
 * preparation of the same name is visible to this one, whose client does not know it.
 */
async function run(client: pg.Pool | pg.PoolClient, config: pg.QueryConfig): Promise<pg.QueryResult> {
  try {
    return await client.query(config);
  } catch (error) {
    if (config.name === undefined || (error as { code?: string }).code !== "42P05") throw error;
    return client.query({ ...config, name: undefined });
  }
}

export type TSqlTransactionOptions = {
  /** Bounds every statement of the transaction, a wait for a row lock included. */
  statementTimeoutMs: number;
};

/**
 * Runs `work` in a transaction on one connection of the pool: committed when it resolves, rolled
 * back when it throws. BEGIN and the statement timeout go in one round trip.
 */
export async function sqlTransaction<T>(pool: pg.Pool, work: (tx: SqlRunner) => Promise<T>, { statementTimeoutMs }: TSqlTransactionOptions): Promise<T> {
  const client = await pool.connect();
  let unusable: Error | undefined;
  // A connection lost mid-transaction (the server ended it) says so to the statement, which throws,
  // and as an event, which with no listener (the pool listens only to idle clients) would end the process.
  const lost = (error: Error) => void (unusable ??= error);
  client.on("error", lost);
  try {
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
    const result = await work(sqlRunner(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A connection that cannot even roll back is in an unknown state: the pool drops it.
    await client.query("ROLLBACK").catch((rollbackError: Error) => (unusable = rollbackError));
    throw error;
  } finally {
    // A client released as unusable is dropped: its listener stays for the events still to come.
    if (!unusable) client.removeListener("error", lost);
    client.release(unusable);
  }
}
