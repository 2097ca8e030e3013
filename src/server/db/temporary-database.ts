import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { withPgClient } from "./with-pg-client";

export type TemporaryDatabase = {
  url: string;
  /** Removes the database and everything in it. */
  drop(): Promise<void>;
};

/**
 * A new, empty database for a shadow replay or a test run. On a PostgreSQL
 * server it is a uniquely named database beside the one in `serverUrl`. PGlite
 * serves one database per instance (a CREATE DATABASE succeeds, but every
 * connection still lands in `postgres`), so without a server URL, or when that
 * server is PGlite, it is a fresh in-memory embedded server instead.
 */
export async function createTemporaryDatabase(serverUrl: string | undefined, prefix: string): Promise<TemporaryDatabase> {
  if (!serverUrl || (await isPglite(serverUrl))) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, drop: () => embedded.stop() };
  }

  const name = `${prefix}_${process.pid}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await withPgClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends sessions a test or the engine left open, which would block the drop.
    drop: () => withPgClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Whether the server behind the URL is PGlite, which identifies itself in version(). */
export async function isPglite(url: string): Promise<boolean> {
  const result = await withPgClient(url, (client) => client.query<{ version: string }>("SELECT version() AS version"));
  return result.rows[0]?.version.includes("PGlite") ?? false;
}
