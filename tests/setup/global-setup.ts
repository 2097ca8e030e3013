// Gives the test run its own freshly migrated database: a uniquely named one on
// TEST_DATABASE_URL's (or DATABASE_URL's) PostgreSQL server, or an in-memory
// embedded server when neither is set. It is dropped when the run ends.
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase, type TemporaryDatabase } from "@/server/db/temporary-database";
import "./provided-context";

async function migratedDatabase(): Promise<TemporaryDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
  const database = await createTemporaryDatabase(serverUrl, "herald_test");
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

// Each project of vitest.config.ts runs this setup, at the same time: they share one database, made
// by the first and dropped by the last to finish (kept on globalThis, as each may load this module).
const shared = globalThis as unknown as { heraldTestDatabase?: { database: Promise<TemporaryDatabase>; users: number } };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = (shared.heraldTestDatabase ??= { database: migratedDatabase(), users: 0 });
  run.users += 1;
  const database = await run.database;
  project.provide("databaseUrl", database.url);
  return async () => {
    run.users -= 1;
    if (run.users === 0) {
      shared.heraldTestDatabase = undefined;
      await database.drop();
    }
  };
}
