import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/demo";
import { signIn, snap } from "./support/pages";

test("signed-out visitors are sent to sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/labs/some-lab/settings");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in to Herald" })).toBeVisible();
  await snap(page, "login");
});

test("a wrong password is refused with a message by the fields", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Incorrect email or password." })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription("Incorrect email or password.");
  await expect(page).toHaveURL(/\/login$/);
  await snap(page, "login-error");
});

test("an admin signs in to the dashboard and signs out", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.getByRole("banner")).toContainText("admin@herald.local");
  await snap(page, "dashboard");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // The session is gone on the server too, not just in this tab.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});
