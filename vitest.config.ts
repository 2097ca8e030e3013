import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  test: {
    environment: "node",
    // One database for the run (see tests/setup/global-setup.ts); each worker
    // learns its URL in database-env.ts before any test module loads.
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/database-env.ts", "tests/setup/job-ports.ts"],
    pool: "forks",
    // The machines have two cores, and embedded PostgreSQL runs every query on one.
    maxWorkers: 2,
    // Integration tests wait on a real database (and PGlite queues all connections).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Files that keep no state beyond their own tests (no database of their own, no executor, no
      // server) share a process per worker: each file in a fresh one paid about a second to load
      // the server's modules again, more than most of these files take to run.
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/providers/**/*.test.ts", "tests/simulator/**/*.test.ts"], isolate: false } },
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"] } },
    ],
  },
});
