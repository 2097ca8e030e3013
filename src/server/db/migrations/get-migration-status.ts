import { withPgClient } from "../with-pg-client";
import { migrationNames, readMigrationsFolder, type MigrationPathOptions } from "./migrations-folder";

export type TMigrationStatus = {
  /** Migrations from the folder that finished in this database. */
  applied: number;
  /** Migrations in the folder the database has not finished, oldest first. */
  pending: string[];
  /** Started and never finished: failed (fix, then roll back or resolve), or being applied right now. */
  failed: string[];
};

type TMigrationRow = { migration_name: string; finished: boolean };

/**
 * Compares the migrations folder with `_prisma_migrations`, without the schema
 * engine: cheap enough for a health check, and loads no WASM.
 */
export async function getMigrationStatus(url: string, options: MigrationPathOptions = {}): Promise<TMigrationStatus> {
  const names = migrationNames(await readMigrationsFolder(options));
  const rows = await withPgClient(url, async (client) => {
    const table = await client.query<{ exists: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
    if (!table.rows[0]?.exists) return [];
    // Rolled-back attempts are history only, as in `prisma migrate status`.
    const result = await client.query<TMigrationRow>(
      "SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL",
    );
    return result.rows;
  });

  const finished = new Set(rows.filter((r) => r.finished).map((r) => r.migration_name));
  return {
    applied: names.filter((name) => finished.has(name)).length,
    pending: names.filter((name) => !finished.has(name)),
    failed: rows.filter((r) => !r.finished).map((r) => r.migration_name),
  };
}
