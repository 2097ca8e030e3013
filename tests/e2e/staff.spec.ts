import { expect, test } from "@playwright/test";
import { RIYADH, STAFF, TABUK } from "./support/demo";
import { labSwitcher, openDashboard, openSection, snap } from "./support/pages";

test.use({ storageState: STAFF.storageState });

test("staff see their lab read-only", async ({ page }) => {
  await openDashboard(page);
  await expect(labSwitcher(page).locator("option")).toHaveText([RIYADH, TABUK]);
  await expect(page.getByText("Staff (read-only)")).toBeVisible();

  await expect(page.getByRole("status").filter({ hasText: "Read-only" })).toBeVisible();
  await expect(page.getByRole("switch", { name: "Disable all communications" })).toBeDisabled();
  await expect(page.getByLabel("Default language")).toBeDisabled();
  await expect(page.getByLabel("Retention (days)")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  await snap(page, "staff-settings");

  await openSection(page, "API keys");
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Keys", exact: true })).toBeVisible();
  await snap(page, "staff-api-keys");

  await openSection(page, "Members");
  await expect(page.getByRole("button", { name: "Invite" })).toHaveCount(0);
  await expect(page.getByRole("combobox")).toHaveCount(1); // only the lab switcher
  await snap(page, "staff-members");
});
