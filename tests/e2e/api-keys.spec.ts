import { expect, test } from "@playwright/test";
import { ADMIN, JEDDAH, RIYADH, uniq } from "./support/demo";
import { apiClientWithKey, codeOf } from "./support/api-client";
import { createApiKey, labIdOf, openDashboard, openSection, snap, switchLab } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

test("an API key works for its own lab only, once, and stops working when revoked", async ({ page, baseURL }) => {
  await openDashboard(page);
  const riyadhId = await switchLab(page, RIYADH);
  const jeddahId = await labIdOf(page, JEDDAH);
  await openSection(page, "API keys");
  await snap(page, "api-keys");

  const name = `LIMS e2e ${uniq()}`;
  const key = await createApiKey(page, name);
  expect(key).toMatch(/^hk_/);
  await snap(page, "api-key-created");

  const client = apiClientWithKey(baseURL!, key);
  const lab = await client.labs.get.query({ labId: riyadhId });
  expect(lab).toMatchObject({ id: riyadhId, name: RIYADH, role: "API_KEY" });
  // Another lab of the same organization is invisible to a lab-scoped key.
  expect(await codeOf(client.labs.get.query({ labId: jeddahId }))).toBe("NOT_FOUND");

  // Once dismissed, the key is gone from the page: only its prefix is listed.
  await page.getByRole("button", { name: "I have copied the key" }).click();
  await expect(page.getByLabel("API key", { exact: true })).toHaveCount(0);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(`${key.slice(0, 11)}…`);
  await expect(row).toContainText("Active");
  await expect(page.getByText(key)).toHaveCount(0);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await expect(dialog).toBeVisible();
  await snap(page, "api-key-revoke-confirm");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Revoked");
  await snap(page, "api-key-revoked");

  expect(await codeOf(client.labs.get.query({ labId: riyadhId }))).toBe("UNAUTHORIZED");
});
