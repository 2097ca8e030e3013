// Starts Herald: finds or starts the database, migrates, seeds the demo on the
// embedded default, then runs Next.js (`--dev`, or `--prod` which builds once).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { EnvError, jobsBackend, parseEnv, resetEnv } from "@/server/env";
import { ensureDatabase } from "@/server/bootstrap/ensure-database";
import { DEMO, seedDemo } from "@/server/services/seed/seed-demo";
import { keepHeraldAccountsRegistered, registerHeraldAccounts, startSimulatorBesideHerald } from "./simulator-beside-herald";
import { describeSignIn } from "./describe-sign-in";
import { resolveSecret } from "@/server/auth/secret";
import { resolveEncryptionKey } from "@/server/crypto/encryption-key";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";

const mode = process.argv.includes("--prod") ? "prod" : "dev";
const nextBin = "node_modules/next/dist/bin/next";
// The production server as `next build` bundles it (scripts/build-app-server.ts): plain node, no tsx.
const appServer = ".next/herald/app-server.mjs";

// Past the drain's deadline, what the server still needs to exit; after that it is hung and killed.
const EXIT_GRACE_MS = 5_000;

/** Runs `node <args>` (Next's CLI, or the production server) until it exits; signals are passed on. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const e = parseEnv(env);
  // The local executor in Next's process drains its jobs on SIGTERM/SIGINT (instrumentation) and
  // then exits: Next must leave the signal to it rather than exit at once, and `next dev` must give
  // its server that long before it kills it.
  const drains = jobsBackend(e) === "local";
  const signalEnv = drains ? { NEXT_MANUAL_SIG_HANDLE: "true", NEXT_EXIT_TIMEOUT_MS: String(e.SHUTDOWN_TIMEOUT_MS + EXIT_GRACE_MS) } : {};
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", env: { ...env, ...signalEnv } });
    let forwarded: NodeJS.Signals | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    // Once: Ctrl-C already reached the child with the whole process group, and a repeat changes nothing.
    const forward = (signal: NodeJS.Signals) => {
      if (forwarded) return;
      forwarded = signal;
      child.kill(signal);
      killTimer = setTimeout(() => child.kill("SIGKILL"), e.SHUTDOWN_TIMEOUT_MS + EXIT_GRACE_MS);
    };
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      clearTimeout(killTimer);
      process.off("SIGINT", forward).off("SIGTERM", forward);
      // Ended by the signal passed on (or Next's exit code for it): the stop that was asked for, not a failure.
      const stoppedAsAsked = forwarded !== undefined && (signal === forwarded || code === 128 + constants.signals[forwarded]);
      resolve(stoppedAsAsked ? 0 : (code ?? 1));
    });
  });
}

async function main() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const e = parseEnv(process.env);
  const started = Date.now();
  const database = await ensureDatabase(e);
  const seed = e.HERALD_SEED_DEMO ?? database.source !== "external";
  // The embedded default talks to the provider simulator, unless the platform named provider hosts.
  const simulator =
    database.source !== "external" && !e.PROVIDER_SIMULATOR_URL && !e.PROVIDER_BASE_URLS
      ? await startSimulatorBesideHerald(Number(process.env.SIMULATOR_PORT ?? 4010))
      : null;
  if (simulator) {
    process.env.PROVIDER_SIMULATOR_URL = simulator.origin;
    resetEnv();
  }
  const { db } = await import("@/server/db");
  // The catalogue ships with the release; syncing is idempotent and only versions changed templates.
  const catalogue = await syncCatalogue(db(), await loadCatalogueFile());
  const demo = seed ? await seedDemo(db(), { providerAccounts: Boolean(simulator) }) : null;
  const simulated = simulator ? await registerHeraldAccounts(simulator, db()) : 0;
  // Accounts added or rotated in the dashboard from now on reach the simulator too.
  const accountSync = simulator ? keepHeraldAccountsRegistered(simulator, db()) : null;
  if (!accountSync) await db().$disconnect();

  const url = e.HERALD_BASE_URL ?? `http://localhost:${e.PORT}`;
  console.log(
    [
      "",
      `Herald: catalogue synced (${catalogue.triggers.created.length} triggers and ${catalogue.templates.created.length} templates added, ` +
        `${catalogue.templates.versioned.length} templates given a new version).`,
      `Herald: database ${database.source === "external" ? "from DATABASE_URL" : `embedded (${database.url})`}, ` +
        `${database.applied.length} migration(s) applied, ready in ${Date.now() - started} ms.`,
      ...(simulator ? [`Herald: provider simulator on ${simulator.origin} (${simulated} provider accounts known, new ones picked up as they are added; npm run simulator runs it alone).`] : []),
      describeSignIn(url, demo ? DEMO : null),
      "",
    ].join("\n"),
  );

  const env: NodeJS.ProcessEnv = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, DATABASE_URL: database.url, PORT: String(e.PORT) };
  if (database.source !== "external") {
    // The embedded default keeps its secrets under the data directory. Resolved here, before Next
    // runs in production mode (where an unset secret is refused), so `npm start` works out of the box.
    env.HERALD_SECRET = resolveSecret(e);
    env.HERALD_ENCRYPTION_KEY = resolveEncryptionKey(e).toString("base64");
  }
  // A build from before the production server was bundled has no server to run: built again.
  if (mode === "prod" && !(existsSync(".next/BUILD_ID") && existsSync(appServer))) {
    const code = await run([nextBin, "build"], { ...env, NODE_ENV: "production" });
    if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  }
  const code = await run(mode === "prod" ? [appServer, "-p", String(e.PORT)] : [nextBin, "dev", "-p", String(e.PORT)], env);
  await accountSync?.stop();
  if (accountSync) await db().$disconnect();
  await simulator?.close();
  await database.stop();
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : `Herald failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
