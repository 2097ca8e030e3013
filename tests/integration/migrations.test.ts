import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { diffSchemaFromMigrations } from "@/server/db/migrations/diff-schema-from-migrations";
import { getMigrationStatus } from "@/server/db/migrations/get-migration-status";
import { migrationNames, readMigrationsFolder } from "@/server/db/migrations/migrations-folder";
import { createTemporaryDatabase, isPglite } from "@/server/db/temporary-database";
import { withPgClient } from "@/server/db/with-pg-client";

const url = inject("databaseUrl");
const folder = await readMigrationsFolder();
const names = migrationNames(folder);
const onPglite = await isPglite(url);
// For tests that start a database of their own (a shadow, a fresh one): a new
// PGlite takes seconds, and more while other test files run.
const OWN_DATABASE_TIMEOUT_MS = 120_000;

type TMigrationRow = { migration_name: string; checksum: string; finished: boolean; rolled_back: boolean; applied_steps_count: number };

const migrationRows = (databaseUrl: string) =>
  withPgClient(databaseUrl, async (client) => {
    const result = await client.query<TMigrationRow>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back, applied_steps_count
       FROM _prisma_migrations ORDER BY migration_name, started_at`,
    );
    return result.rows;
  });

describe("migrations", () => {
  it("has a committed history", () => {
    expect(names.length).toBeGreaterThan(0);
    expect(folder.lockfile.content).toContain('provider = "postgresql"');
  });

  it("replays to exactly what prisma/schema.prisma describes", { timeout: OWN_DATABASE_TIMEOUT_MS }, async () => {
    // The shadow database for the replay lives beside the test database.
    expect(await diffSchemaFromMigrations({ serverUrl: url })).toBe("");
  });

  it("recorded every migration in _prisma_migrations as prisma migrate deploy does", async () => {
    const rows = await migrationRows(url);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const directory = folder.migrationDirectories.find((d) => d.path === row.migration_name);
      const script = directory?.migrationFile.content;
      expect(script?.tag).toBe("ok");
      // Prisma's checksum: hex SHA-256 of the script; a mismatch reads as an edited migration.
      expect(row.checksum).toBe(createHash("sha256").update(String(script?.value)).digest("hex"));
      expect(row).toMatchObject({ finished: true, rolled_back: false, applied_steps_count: 1 });
    }
    expect(await getMigrationStatus(url)).toEqual({ applied: names.length, pending: [], failed: [] });
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(url)).toEqual([]);
    expect(await migrationRows(url)).toHaveLength(names.length);
  });

  it("applies each migration once when two callers migrate a fresh database at once", { timeout: OWN_DATABASE_TIMEOUT_MS }, async () => {
    const fresh = await createTemporaryDatabase(url, "herald_test_fresh");
    try {
      expect(await getMigrationStatus(fresh.url)).toEqual({ applied: 0, pending: names, failed: [] });
      const [first, second] = await Promise.all([applyMigrations(fresh.url), applyMigrations(fresh.url)]);
      expect([...first, ...second]).toEqual(names);
      expect((await migrationRows(fresh.url)).map((r) => r.migration_name)).toEqual(names);
    } finally {
      await fresh.drop();
    }
  });

  // Across processes only the advisory lock can serialise; PGlite shares one
  // session between connections, so there it cannot (see migration-lock.ts).
  // The test is registered only where the property holds, a PostgreSQL server (as in CI),
  // so an embedded run neither fakes it nor reports a skipped test.
  if (!onPglite) {
    it("applies each migration once when two processes run db:migrate at once", async () => {
      const fresh = await createTemporaryDatabase(url, "herald_test_fresh");
      const run = promisify(execFile);
      const migrate = () =>
        run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/db-migrate.ts"], { env: { ...process.env, DATABASE_URL: fresh.url } });
      try {
        const outputs = await Promise.all([migrate(), migrate()]);
        expect(outputs.filter((o) => o.stdout.includes("No pending migrations"))).toHaveLength(1);
        expect((await migrationRows(fresh.url)).map((r) => r.migration_name)).toEqual(names);
      } finally {
        await fresh.drop();
      }
    });
  }
});
