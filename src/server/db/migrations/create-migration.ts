import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffSchemaFromMigrations, type DiffSchemaOptions } from "./diff-schema-from-migrations";
import { DEFAULT_MIGRATIONS_DIR, LOCKFILE, LOCKFILE_CONTENT, MIGRATION_FILE } from "./migrations-folder";

export type CreatedMigration = { name: string; directory: string };

/**
 * Writes the next migration folder (`<timestamp>_<name>/migration.sql`) with
 * the SQL from the committed history to schema.prisma, as
 * `prisma migrate dev --create-only` would, plus the lockfile. Returns
 * undefined, writing nothing, when the migrations already match the schema.
 * (Built on diff: the WASM engine's createMigration cannot use an external
 * shadow database for PostgreSQL.)
 */
export async function createMigration(name: string, options: DiffSchemaOptions = {}): Promise<CreatedMigration | undefined> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`Invalid migration name "${name}": use letters, digits and underscores, e.g. add_message_events`);
  }
  const script = await diffSchemaFromMigrations(options);
  if (!script) return undefined;

  const baseDir = path.resolve(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const migrationName = `${migrationTimestamp(new Date())}_${name}`;
  const directory = path.join(baseDir, migrationName);
  await mkdir(baseDir, { recursive: true });
  // Not recursive for the folder itself: an existing one is a clash, never an overwrite.
  await mkdir(directory);
  await writeFile(path.join(directory, MIGRATION_FILE), script);
  await writeFile(path.join(baseDir, LOCKFILE), LOCKFILE_CONTENT);
  return { name: migrationName, directory };
}

/** Prisma's folder prefix: UTC, YYYYMMDDHHMMSS, so names sort in creation order. */
function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}
