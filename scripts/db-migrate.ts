// Applies pending migrations from prisma/migrations: `npm run db:migrate`.
// Against DATABASE_URL when set; otherwise against the embedded database in
// HERALD_DATA_DIR, started for the duration.
import { startEmbeddedPostgres } from "@/server/db/embedded-postgres";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { env } from "@/server/env";

async function migrate(): Promise<void> {
  const { DATABASE_URL, HERALD_DATA_DIR, EMBEDDED_PG_PORT } = env();
  const embedded = DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: HERALD_DATA_DIR, port: EMBEDDED_PG_PORT });
  const where = embedded ? `the embedded database in ${HERALD_DATA_DIR}` : "DATABASE_URL";
  try {
    const applied = await applyMigrations(DATABASE_URL ?? embedded!.url);
    if (applied.length === 0) console.log(`No pending migrations in ${where}.`);
    else console.log(`Applied to ${where}:\n${applied.map((name) => `  ${name}`).join("\n")}`);
  } finally {
    await embedded?.stop();
  }
}

try {
  await migrate();
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
