import { expect, test } from "@playwright/test";
import { ADMIN, RIYADH, uniq } from "./support/demo";
import { apiClientWithKey, codeOf } from "./support/api-client";
import { createApiKey, openDashboard, openSection, snap, switchLab } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

test("the OTP page shows the lab's codes, refusals and recent challenges from real data, never a code", async ({ page, baseURL }) => {
  await openDashboard(page);
  const labId = await switchLab(page, RIYADH);
  await openSection(page, "API keys");
  const client = apiClientWithKey(baseURL!, await createApiKey(page, `OTP e2e ${uniq()}`));

  const digits = String(Math.floor(Math.random() * 9000) + 1000);
  const to = `+9665012${digits}5`;
  const purpose = `e2e_${uniq()}`;
  const started = await client.otp.start.mutate({ labId, to, channels: ["SMS"], purpose });
  expect(started).toMatchObject({ status: "pending", channel: "SMS", attemptsLeft: 5 });
  expect(await client.otp.check.mutate({ labId, challengeId: started.challengeId, code: "000000" })).toMatchObject({ status: "pending", attemptsLeft: 4 });
  // A number outside the lab's countries is refused, and the refusal is on record.
  expect(await codeOf(client.otp.start.mutate({ labId, to: "+447400123456", purpose }))).toBe("BAD_REQUEST");
  // Through Twilio as the simulator plays it, to the provider's delivery report.
  await expect.poll(async () => (await client.otp.get.query({ labId, challengeId: started.challengeId })).messages.map((m) => m.status), { timeout: 20_000 }).toEqual(["DELIVERED"]);

  await openSection(page, "One-time passwords");
  await expect(page.getByRole("heading", { name: "Starts and approvals by day" })).toBeVisible();
  const masked = `${to.slice(0, 4)}${"•".repeat(to.length - 6)}${to.slice(-2)}`;
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: masked }) });
  await expect(row).toContainText(purpose);
  await expect(row).toContainText("Pending");
  await expect(page.getByRole("table").filter({ hasText: "Country not served" })).toContainText("+44740");
  await expect(page.getByText(to)).toHaveCount(0);
  await snap(page, "otp-page");

  // The filter is a labelled control the keyboard reaches; a status with none of these shows the empty state.
  await page.getByLabel("Status").focus();
  await page.getByLabel("Status").selectOption("CANCELED");
  await expect(row).toHaveCount(0);
});
