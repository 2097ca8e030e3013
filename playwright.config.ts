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

const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 } };
/**
 * Specs that change a demo lab as a whole, or count everything sent from it: the Jeddah lab's settings,
 * and the Tabuk lab's provider chain and totals (a lab the e2e server adds for them alone).
 */
const JEDDAH_AS_A_WHOLE = ["lab-settings.spec.ts", "campaigns.spec.ts", "i18n.spec.ts", "otp.spec.ts"];
const TABUK_AS_A_WHOLE = ["stats.spec.ts", "provider-accounts.spec.ts"];

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  // The machine has two cores. The spec files share one seeded database: each runs in one worker,
  // and those that change or count a demo lab as a whole run in projects of their own (below).
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // A test that fails runs once more, traced: recording a trace of every test took a quarter of the
  // suite's CPU (three spec files: 196 to 210 CPU-seconds without, 269 to 279 with). A test that
  // passes only on its retry is named as flaky in the suite's closing lines (scripts/test-summary.mjs).
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "on-first-retry",
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
    // The Jeddah lab's settings and OTP settings (hard stop, quiet hours, language), the forms that show
    // them and the campaign that sends under them: one at a time, beside the specs below, none of which
    // sends from Jeddah or edits its settings. Listed first, so that it starts in one worker while the
    // other takes the specs below.
    { name: "jeddah-lab", testMatch: JEDDAH_AS_A_WHOLE, workers: 1, dependencies: ["setup"], use: desktop },
    // The Tabuk lab's provider chain and its totals, one at a time, so the figures move by exactly what
    // the spec sends: no other spec opens that lab.
    { name: "tabuk-lab", testMatch: TABUK_AS_A_WHOLE, workers: 1, dependencies: ["setup"], use: desktop },
    // Specs that keep to data of their own (their own keys, contacts, messages, names), two at a time.
    {
      name: "chromium",
      testMatch: "*.spec.ts",
      testIgnore: [...JEDDAH_AS_A_WHOLE, ...TABUK_AS_A_WHOLE],
      dependencies: ["setup"],
      use: desktop,
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
