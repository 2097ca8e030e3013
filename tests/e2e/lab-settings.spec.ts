import { expect, test } from "@playwright/test";
import { ADMIN, JEDDAH, RIYADH } from "./support/demo";
import { openDashboard, openSection, snap, switchLab } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

test.beforeEach(async ({ page }) => {
  await openDashboard(page);
});

test("the lab switcher opens the same page of the other lab", async ({ page }) => {
  const riyadhId = await switchLab(page, RIYADH);
  await openSection(page, "Members");
  await expect(page).toHaveURL(`/labs/${riyadhId}/members`);
  await snap(page, "riyadh-members");

  const jeddahId = await switchLab(page, JEDDAH);
  expect(jeddahId).not.toBe(riyadhId);
  await expect(page).toHaveURL(`/labs/${jeddahId}/members`);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await snap(page, "jeddah-members");
});

test("a settings change is saved and still there after a reload", async ({ page }) => {
  await switchLab(page, JEDDAH);
  await expect(page.getByRole("heading", { name: "Lab settings" })).toBeVisible();
  const retention = String(100 + Math.floor(Math.random() * 900));

  await page.getByLabel("Default language").selectOption("ar");
  const quietHours = page.getByLabel("Keep a daily quiet window");
  if (!(await quietHours.isChecked())) await quietHours.check();
  await page.getByLabel("Starts at").fill("22:00");
  await page.getByLabel("Ends at").fill("06:30");
  await page.getByLabel("Retention (days)").fill(retention);
  await snap(page, "settings-edited");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await snap(page, "settings-saved");

  await page.reload();
  await expect(page.getByLabel("Default language")).toHaveValue("ar");
  await expect(page.getByLabel("Keep a daily quiet window")).toBeChecked();
  await expect(page.getByLabel("Starts at")).toHaveValue("22:00");
  await expect(page.getByLabel("Ends at")).toHaveValue("06:30");
  await expect(page.getByLabel("Retention (days)")).toHaveValue(retention);
  await snap(page, "settings-after-reload");
});

test("invalid values are refused with the server's message next to each field", async ({ page }) => {
  await switchLab(page, JEDDAH);
  const retention = page.getByLabel("Retention (days)");
  await retention.fill("5000");
  await page.getByLabel("Country").fill("QQ");
  await page.getByRole("button", { name: "Save settings" }).click();

  await expect(retention).toHaveAttribute("aria-invalid", "true");
  await expect(retention).toHaveAccessibleDescription(/expected at most 3650 days/);
  await expect(page.getByLabel("Country")).toHaveAccessibleDescription(/expected a known ISO 3166-1 alpha-2 country code/);
  await expect(page.getByRole("alert").filter({ hasText: "Settings were not saved" })).toBeVisible();
  await snap(page, "settings-invalid");

  // A rule the service checks (not the schema) lands on its field too: the window cannot be empty.
  await retention.fill("90");
  await page.getByLabel("Country").fill("SA");
  const quietHours = page.getByLabel("Keep a daily quiet window");
  if (!(await quietHours.isChecked())) await quietHours.check();
  await page.getByLabel("Starts at").fill("21:00");
  await page.getByLabel("Ends at").fill("21:00");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByLabel("Ends at")).toHaveAccessibleDescription(/must differ from the start time/);
  await expect(retention).not.toHaveAttribute("aria-invalid", "true");
  await snap(page, "settings-quiet-hours-invalid");
});

test("a ticked quiet window needs both times: nothing is saved and the box stays ticked", async ({ page }) => {
  await switchLab(page, JEDDAH);
  const quietHours = page.getByLabel("Keep a daily quiet window");
  // Start from a lab with no window, so a reload shows whether anything was written.
  if (await quietHours.isChecked()) {
    await quietHours.uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  }

  await quietHours.check();
  await page.getByRole("button", { name: "Save settings" }).click();
  const start = page.getByLabel("Starts at");
  const end = page.getByLabel("Ends at");
  await expect(start).toHaveAttribute("aria-invalid", "true");
  await expect(start).toHaveAccessibleDescription(/Enter the time the quiet window starts/);
  await expect(end).toHaveAccessibleDescription(/Enter the time the quiet window ends/);
  await expect(start).toBeFocused();
  await expect(page.getByRole("alert").filter({ hasText: "Settings were not saved" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toHaveCount(0);
  await expect(quietHours).toBeChecked();
  await snap(page, "settings-quiet-hours-required");

  // Typing a time takes its error away; the other stays until it is filled too.
  await start.fill("22:00");
  await expect(start).not.toHaveAttribute("aria-invalid", "true");
  await expect(end).toHaveAttribute("aria-invalid", "true");

  await page.reload();
  await expect(page.getByLabel("Keep a daily quiet window")).not.toBeChecked();
});

test("the hard stop is announced on every page of the lab while it is on", async ({ page }) => {
  await switchLab(page, JEDDAH);
  const hardStop = page.getByRole("switch", { name: "Disable all communications" });
  await expect(hardStop).toHaveAttribute("aria-checked", "false");
  await hardStop.click();
  await expect(page.getByText("takes effect when you save")).toBeVisible();
  await page.getByRole("button", { name: "Save settings" }).click();
  const banner = page.getByRole("status").filter({ hasText: `All communications are disabled for ${JEDDAH}` });
  await expect(banner).toBeVisible();
  await snap(page, "hard-stop-on");

  await openSection(page, "API keys");
  await expect(banner).toBeVisible();

  await openSection(page, "Settings");
  await page.getByRole("switch", { name: "Disable all communications" }).click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await expect(banner).toBeHidden();
});
