import { startEmbeddedPostgres } from "@/server/db/embedded-postgres";
import { runningEmbeddedUrl } from "@/server/db/data-dir-lock";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import type { TEnv } from "@/server/env";

export type TDatabaseHandle = {
  url: string;
  /** "external": DATABASE_URL; "embedded": started here; "shared": another Herald process's embedded one. */
  source: "external" | "embedded" | "shared";
  applied: string[];
  stop(): Promise<void>;
};

/**
 * Finds the database (DATABASE_URL, or the embedded one: reused when another
 * Herald process serves it, started otherwise), applies pending migrations and
 * sets process.env.DATABASE_URL for everything after.
 */
export async function ensureDatabase(e: TEnv, options: { migrate?: boolean } = {}): Promise<TDatabaseHandle> {
  let handle: Omit<TDatabaseHandle, "applied">;
  if (e.DATABASE_URL) {
    handle = { url: e.DATABASE_URL, source: "external", stop: async () => {} };
  } else {
    const shared = await runningEmbeddedUrl(e.HERALD_DATA_DIR);
    if (shared) {
      handle = { url: shared, source: "shared", stop: async () => {} };
    } else {
      const embedded = await startEmbeddedPostgres({ dataDir: e.HERALD_DATA_DIR, port: e.EMBEDDED_PG_PORT });
      handle = { url: embedded.url, source: "embedded", stop: embedded.stop };
    }
  }
  process.env.DATABASE_URL = handle.url;
  try {
    const applied = options.migrate === false ? [] : await applyMigrations(handle.url);
    return { ...handle, applied };
  } catch (error) {
    await handle.stop();
    throw error;
  }
}
