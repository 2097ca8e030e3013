import { defineConfig } from "prisma/config";

// The datasource URL is only needed by Prisma CLI commands that talk to the
// database; Herald applies migrations itself (scripts/db-migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/herald" },
});
