import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockDataDir, type DataDirLock } from "./data-dir-lock";
import { guardExtendedQueryBatches } from "./pglite-batch-guard";

export type EmbeddedPostgresOptions = {
  /** The cluster lives in `<dataDir>/pglite`; without one it lives in memory and is gone at stop(). */
  dataDir?: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  host?: string;
  /**
   * Sockets served at once. The server's default of 1 starves Prisma, whose pool
   * opens several; the app, the job runner and the schema engine each hold a pool.
   */
  maxConnections?: number;
};

export type EmbeddedPostgres = {
  /** A postgresql:// URL for `pg` and `@prisma/adapter-pg`. */
  url: string;
  port: number;
  /** Closes the sockets, then PGlite (flushing a persisted cluster). Safe to call twice. */
  stop(): Promise<void>;
};

/**
 * Runs PostgreSQL (PGlite, WASM) in this process and serves it on a loopback
 * socket, so code that expects a PostgreSQL server works without one.
 * PGlite has a single backend: statements from all connections are queued, an
 * open transaction blocks every other connection until it ends, and session
 * state (SET, advisory locks) is shared by all connections.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const { dataDir, port = 0, host = "127.0.0.1", maxConnections = 64 } = options;
  let lock: DataDirLock | undefined;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    lock = await lockDataDir(dataDir);
  }

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(dataDir ? path.resolve(dataDir, "pglite") : undefined);
    server = new PGLiteSocketServer({ db: guardExtendedQueryBatches(db), host, port, maxConnections });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => undefined);
    await lock?.release();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `Cannot serve the embedded database on ${host}:${port}: the port is in use. ` +
          `Set EMBEDDED_PG_PORT to a free port, or stop what listens there.`,
        { cause: error },
      );
    }
    throw error;
  }

  // getServerConn() reports the bound port, which is the only way to learn it after port 0.
  const conn = server.getServerConn();
  const boundPort = Number(conn.slice(conn.lastIndexOf(":") + 1));
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `postgresql://postgres@${urlHost}:${boundPort}/postgres`;
  await lock?.recordUrl(url);

  const running = { db, server };
  let stopped: Promise<void> | undefined;
  return {
    url,
    port: boundPort,
    stop() {
      stopped ??= (async () => {
        await running.server.stop();
        await running.db.close();
        await lock?.release();
      })();
      return stopped;
    },
  };
}
