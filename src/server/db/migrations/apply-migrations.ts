import { withMigrationLock } from "./migration-lock";
import { readMigrationsFolder, type MigrationPathOptions } from "./migrations-folder";
import { NO_SCHEMA_FILTER } from "./schema-filter";
import { withSchemaEngine } from "./schema-engine";

/**
 * Applies the migrations in the folder that the database has not run yet, as
 * `prisma migrate deploy` does: same engine, same `_prisma_migrations` rows
 * (checksums included), so either tool can take over from the other.
 * Returns the names applied now; none when up to date.
 */
export async function applyMigrations(url: string, options: MigrationPathOptions = {}): Promise<string[]> {
  const migrationsList = await readMigrationsFolder(options);
  return withMigrationLock(url, () =>
    withSchemaEngine(url, async (engine) => {
      const output = await engine.applyMigrations({ migrationsList, filters: NO_SCHEMA_FILTER });
      return output.appliedMigrationNames;
    }),
  );
}
