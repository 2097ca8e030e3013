// Serves Herald for the Playwright suite: a fresh database (on TEST_DATABASE_URL's
// server, or embedded), migrated and seeded with the demo data, then a
// production build on PORT, served by the production server (scripts/app-server.ts, as the build
// bundles it). Everything is dropped when Playwright stops it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createTemporaryDatabase } from "@/server/db/temporary-database";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createDb } from "@/server/db";
import { DEMO, seedDemo, seedDemoLab } from "@/server/services/seed/seed-demo";
import { TABUK_LAB } from "../tests/e2e/support/demo";
import { resetEnv } from "@/server/env";
import { registerHeraldAccounts, startSimulatorBesideHerald } from "./simulator-beside-herald";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";

const port = process.env.PORT ?? "3100";
const nextBin = "node_modules/next/dist/bin/next";

function next(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
}

async function main() {
  // The seed encrypts the demo's provider credentials and the server decrypts them to send: one key for both.
  process.env.HERALD_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  const database = await createTemporaryDatabase(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL, "herald_e2e");
  await applyMigrations(database.url);
  // The demo labs send through Twilio and Resend as the simulator plays them, and hear back at this server's webhooks.
  const simulator = await startSimulatorBesideHerald(0);
  process.env.PROVIDER_SIMULATOR_URL = simulator.origin;
  process.env.HERALD_BASE_URL = `http://localhost:${port}`;
  resetEnv();
  const db = createDb(database.url, 2);
  await syncCatalogue(db, await loadCatalogueFile());
  await seedDemo(db, { providerAccounts: true });
  // The third lab, for the specs that change or count a lab as a whole (TABUK_LAB).
  const { id: organizationId } = await db.organization.findUniqueOrThrow({ where: { slug: DEMO.organization.slug }, select: { id: true } });
  await seedDemoLab(db, { organizationId, lab: TABUK_LAB, staff: true, providerAccounts: true });
  await registerHeraldAccounts(simulator, db);
  await db.$disconnect();

  const env = {
    NEXT_TELEMETRY_DISABLED: "1",
    ...process.env,
    DATABASE_URL: database.url,
    PORT: port,
    HERALD_BASE_URL: `http://localhost:${port}`,
    HERALD_DATA_DIR: ".data/e2e",
    // The production server runs in production mode, which requires a real session secret.
    HERALD_SECRET: process.env.HERALD_SECRET ?? randomBytes(32).toString("base64url"),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  };
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const code = await new Promise<number | null>((resolve) => next(["build"], { ...env, NODE_ENV: "production" }).on("exit", resolve));
    if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  }

  const server = spawn(process.execPath, [".next/herald/app-server.mjs", "-p", port], { stdio: "inherit", env });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill("SIGTERM");
    await simulator.close();
    await database.drop().catch((error: unknown) => console.error("e2e-server: could not drop the test database", error));
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0)).on("SIGINT", () => void stop(0));
  server.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error: unknown) => {
  console.error("e2e-server:", error);
  process.exit(1);
});
