// Gives the test run its own freshly migrated database: a uniquely named one on
// TEST_DATABASE_URL's (or DATABASE_URL's) PostgreSQL server, or an in-memory
// embedded server when neither is set. It is dropped when the run ends.
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase } from "@/server/db/temporary-database";
import "./provided-context";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
  const database = await createTemporaryDatabase(serverUrl, "herald_test");
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  project.provide("databaseUrl", database.url);
  return () => database.drop();
}
