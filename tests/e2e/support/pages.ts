import { expect, test, type Page } from "@playwright/test";

// Chromium now and then never answers a full-page capture (the page itself long settled): such a
// capture is abandoned after this long and taken once more; a second silence fails the test.
const CAPTURE_TIMEOUT_MS = 15_000;

/** A full-page screenshot kept with the test's artefacts and attached to the report. */
export async function snap(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true, timeout: CAPTURE_TIMEOUT_MS }).catch(() => page.screenshot({ path, fullPage: true, timeout: CAPTURE_TIMEOUT_MS }));
  await test.info().attach(name, { path, contentType: "image/png" });
}

// A lab opens on its overview.
const LAB_HOME_URL = /\/labs\/[^/]+\/overview$/;

/**
 * Signs in through the form. A production server allows 3 sign-ins per 10 s
 * per address; when the form says to wait, this waits as long as it says.
 */
export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  const limited = page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" });
  for (let attempt = 1; ; attempt++) {
    await page.getByRole("button", { name: "Sign in" }).click();
    // The form clears the previous message on submit; wait for that so it is not mistaken for a new one.
    if (attempt > 1) await limited.waitFor({ state: "hidden" });
    const outcome = await Promise.race([
      page.waitForURL(LAB_HOME_URL).then(() => "signed-in" as const, () => "timeout" as const),
      limited.waitFor().then(() => "limited" as const, () => "timeout" as const),
    ]);
    if (outcome !== "limited" || attempt === 3) break;
    const seconds = Number(/in (\d+) seconds/.exec((await limited.textContent()) ?? "")?.[1] ?? 10);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
  await expect(page).toHaveURL(LAB_HOME_URL);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

/**
 * Opens the dashboard with a session saved by auth.setup.ts: it lands on the first lab's overview, then
 * goes on to the lab's settings, where the suites start (the overview's own tests navigate back to it).
 */
export async function openDashboard(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page).toHaveURL(LAB_HOME_URL);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await openSection(page, "Settings");
}

export function labSwitcher(page: Page) {
  return page.getByLabel("Lab", { exact: true });
}

/** Opens a lab through the switcher and returns its id (taken from the URL). */
export async function switchLab(page: Page, labName: string): Promise<string> {
  await labSwitcher(page).selectOption({ label: labName });
  await expect(labSwitcher(page).locator("option:checked")).toHaveText(labName);
  const match = /\/labs\/([^/]+)\//.exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`not on a lab page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

/** A lab's id as the switcher lists it, without opening it. */
export async function labIdOf(page: Page, labName: string): Promise<string> {
  const value = await labSwitcher(page).locator("option", { hasText: labName }).getAttribute("value");
  if (!value) throw new Error(`lab ${labName} is not in the switcher`);
  return value;
}

export async function openSection(page: Page, section: "Settings" | "API keys" | "Members" | "One-time passwords"): Promise<void> {
  await page.getByRole("navigation", { name: "Lab sections" }).getByRole("link", { name: section }).click();
  await expect(page.getByRole("heading", { level: 1, name: section === "Settings" ? "Lab settings" : section })).toBeVisible();
}

/** Creates an API key on the open "API keys" section and returns it as shown once. */
export async function createApiKey(page: Page, name: string): Promise<string> {
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("It won't be shown again")).toBeVisible();
  return page.getByLabel("API key", { exact: true }).inputValue();
}

/**
 * Counts the page's requests in flight from now on. `settled()` waits until none has been for
 * `quietMs`: a client transition (a refresh, the redirect it meets) has ended, and a navigation the
 * test starts next cannot be cut off by it. The load state cannot tell: a transition loads no document.
 */
export function requestsInFlight(page: Page, quietMs = 500) {
  let inFlight = 0;
  let lastChange = Date.now();
  const change = (by: number) => () => {
    inFlight += by;
    lastChange = Date.now();
  };
  page.on("request", change(1));
  page.on("requestfinished", change(-1));
  page.on("requestfailed", change(-1));
  return {
    settled: () => expect.poll(() => inFlight === 0 && Date.now() - lastChange >= quietMs, { message: "the page's requests to end" }).toBe(true),
  };
}
