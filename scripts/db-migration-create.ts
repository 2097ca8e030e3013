// Writes the next migration from the difference between prisma/migrations and
// prisma/schema.prisma: `npm run db:migration:create -- <name>`.
import path from "node:path";
import { createMigration } from "@/server/db/migrations/create-migration";

const name = process.argv[2];
if (!name || process.argv.length > 3) {
  console.error("Usage: npm run db:migration:create -- <name>   (e.g. add_message_events)");
  process.exit(2);
}

try {
  // The shadow database lives on DATABASE_URL's server when there is one, else in memory.
  const created = await createMigration(name, { serverUrl: process.env.DATABASE_URL || undefined });
  if (created) {
    console.log(`Created ${path.relative(process.cwd(), created.directory)}/migration.sql: review it, then commit it.`);
  } else {
    console.log("prisma/migrations already matches prisma/schema.prisma: no migration created.");
  }
} catch (error) {
  console.error(`Could not create the migration: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
