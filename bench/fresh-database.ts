import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase } from "@/server/db/temporary-database";
import { atExit, cleanUp } from "./child-processes";

/**
 * A benchmark's frame: a fresh, migrated database on TEST_DATABASE_URL's (or DATABASE_URL's) server,
 * dropped at exit, the local job back end and quiet logs; `run`'s report printed as JSON.
 */
export function runOnFreshDatabase(name: string, run: () => Promise<Record<string, unknown>>): void {
  const main = async () => {
    const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
    if (!serverUrl) throw new Error("set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database there)");
    const database = await createTemporaryDatabase(serverUrl, name);
    atExit(() => database.drop());
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    process.env.JOBS_BACKEND = "local";
    process.env.LOG_LEVEL ??= "warn";
    const report = await run();
    console.log(JSON.stringify(report, null, 2));
    // Imported after DATABASE_URL is set: db() reads the environment once.
    const { db } = await import("@/server/db");
    await db().$disconnect();
  };
  main()
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(cleanUp);
}
