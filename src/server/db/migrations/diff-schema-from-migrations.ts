import { readMigrationsFolder, type MigrationPathOptions } from "./migrations-folder";
import { readPrismaSchemaFiles, type SchemaPathOptions } from "./prisma-schema-files";
import { NO_SCHEMA_FILTER } from "./schema-filter";
import { withSchemaEngine } from "./schema-engine";

export type DiffSchemaOptions = MigrationPathOptions &
  SchemaPathOptions & {
    /**
     * A PostgreSQL server to host the temporary shadow database the history is
     * replayed into. Omitted, or a PGlite server, an in-memory PGlite does it.
     */
    serverUrl?: string;
  };

/**
 * The SQL that would take a database built by the committed migrations to
 * what schema.prisma describes: "" when they agree. Nothing but the temporary
 * shadow database is touched.
 */
export async function diffSchemaFromMigrations(options: DiffSchemaOptions = {}): Promise<string> {
  const migrationsList = await readMigrationsFolder(options);
  const files = await readPrismaSchemaFiles(options);
  const result = await withSchemaEngine(options.serverUrl, (engine) =>
    engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files },
      script: true,
      // exitCode 2 marks a non-empty diff; an empty one still prints a comment.
      exitCode: true,
      filters: NO_SCHEMA_FILTER,
    }),
  );
  return result.exitCode === 2 ? (result.stdout ?? "") : "";
}
