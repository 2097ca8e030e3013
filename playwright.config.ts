import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Playwright cannot download browsers here: drive Debian's Chromium, installing it if we may.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) execFileSync("bash", ["scripts/ensure-chromium.sh"], { stdio: "inherit" });

/** Set to test a server that is already running (e.g. `next dev`); otherwise one is started. */
const externalBaseUrl = process.env.PLAYWRIGHT_BASE_URL;
const port = Number(process.env.E2E_PORT ?? 3100);
// localhost, not 127.0.0.1: it is the origin Herald's links and auth use by default.
const baseURL = externalBaseUrl ?? `http://localhost:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  // The tests share one seeded database and the machine has two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Signs each demo user in once and saves the session for the tests (see auth.setup.ts).
    { name: "setup", testMatch: "auth.setup.ts" },
    {
      name: "chromium",
      testMatch: "*.spec.ts",
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 } },
    },
  ],
  // A fresh database with the demo data, built and served on PORT (scripts/e2e-server.ts).
  webServer: externalBaseUrl
    ? undefined
    : {
        command: "npx tsx scripts/e2e-server.ts",
        // Ready once the database is reachable and migrated; a page that then fails, fails its test visibly.
        url: `${baseURL}/api/health`,
        env: { PORT: String(port) },
        timeout: 900_000,
        reuseExistingServer: false,
        stdout: "pipe",
        stderr: "pipe",
        gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      },
});
