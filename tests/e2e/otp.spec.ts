import { expect, test } from "@playwright/test";
import { ADMIN, JEDDAH, RIYADH, STAFF, uniq } from "./support/demo";
import { codeOf, labWithApiClient } from "./support/api-client";
import { openDashboard, openSection, snap, switchLab } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

test("the OTP page shows the lab's codes, refusals and recent challenges from real data, never a code", async ({ page, baseURL }) => {
  const { labId, client } = await labWithApiClient(page, baseURL!, RIYADH, "OTP e2e");

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

test("a lab admin changes the lab's OTP settings; the server's refusals are shown next to each field", async ({ page }) => {
  // Two saves and a reload: three minutes on a shared machine.
  test.setTimeout(180_000);
  await openDashboard(page);
  await switchLab(page, JEDDAH);
  await openSection(page, "One-time passwords");
  const form = page.getByRole("form", { name: "OTP settings" });
  const expiry = form.getByLabel("Code lifetime (minutes)");
  const length = form.getByLabel("Code length (digits)");
  const countries = form.getByLabel("Countries served");
  await expect(expiry).toHaveValue(/^\d+$/);

  // Out of range, a channel named twice and an unknown country: every one is named by the server, at its field.
  await expiry.fill("45");
  await length.fill("3");
  await countries.fill("SA, QQ");
  await form.getByLabel("First").selectOption("SMS");
  await form.getByLabel("Then").selectOption("SMS");
  await form.getByRole("button", { name: "Save OTP settings" }).click();
  await expect(expiry).toHaveAttribute("aria-invalid", "true");
  await expect(expiry).toHaveAccessibleDescription(/expected at most 30 minutes/);
  await expect(length).toHaveAccessibleDescription(/expected at least 4 digits/);
  await expect(countries).toHaveAccessibleDescription(/QQ: expected a known ISO 3166-1 alpha-2 country code/);
  await expect(form.getByLabel("Then")).toHaveAccessibleDescription(/expected each channel once/);
  // The first field to fix, in the form's order, takes the focus.
  await expect(form.getByLabel("First")).toBeFocused();
  await expect(page.getByRole("alert").filter({ hasText: "OTP settings were not saved" }).first()).toBeVisible();
  await snap(page, "otp-settings-invalid");

  await expiry.fill("15");
  await length.fill("8");
  await countries.fill("sa, ae");
  await form.getByLabel("Then").selectOption("EMAIL");
  await form.getByLabel("Last").selectOption("");
  await form.getByRole("button", { name: "Save OTP settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "OTP settings saved." })).toBeVisible();
  await expect(expiry).not.toHaveAttribute("aria-invalid", "true");
  await snap(page, "otp-settings-saved");

  await page.reload();
  await expect(form.getByLabel("Code lifetime (minutes)")).toHaveValue("15");
  await expect(form.getByLabel("Code length (digits)")).toHaveValue("8");
  await expect(form.getByLabel("Countries served")).toHaveValue("SA, AE");
  await expect(form.getByLabel("First")).toHaveValue("SMS");
  await expect(form.getByLabel("Then")).toHaveValue("EMAIL");
  await expect(form.getByLabel("Last")).toHaveValue("");
});

test("the OTP settings form in Arabic, right to left, shows the server's refusal at its field", async ({ page }) => {
  await openDashboard(page);
  await switchLab(page, JEDDAH);
  await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
  await page.getByRole("navigation", { name: "أقسام المختبر" }).getByRole("link", { name: "رموز التحقق" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "رموز التحقق" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  const form = page.getByRole("form", { name: "إعدادات رموز التحقق" });
  const expiry = form.getByLabel("مدة صلاحية الرمز (بالدقائق)");
  await expect(expiry).toHaveValue(/^\d+$/);
  await expiry.fill("1");
  await form.getByRole("button", { name: "حفظ إعدادات رموز التحقق" }).click();
  // The server's refusal, worded in Arabic.
  await expect(expiry).toHaveAccessibleDescription(/يجب ألا يقل عن 2/);
  await expect(page.getByRole("alert").filter({ hasText: "لم تُحفظ إعدادات رموز التحقق" }).first()).toBeVisible();
  await snap(page, "ar-otp-settings-invalid");

  await form.getByRole("button", { name: "تجاهل التغييرات" }).click();
  await expect(expiry).not.toHaveAttribute("aria-invalid", "true");
  await snap(page, "ar-otp-page");
  await page.getByRole("banner").getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
});

test.describe("lab staff", () => {
  test.use({ storageState: STAFF.storageState });

  test("see the OTP settings but cannot change them", async ({ page }) => {
    await openDashboard(page);
    await switchLab(page, RIYADH);
    await openSection(page, "One-time passwords");
    const form = page.getByRole("form", { name: "OTP settings" });
    await expect(form.getByLabel("Code lifetime (minutes)")).toBeDisabled();
    await expect(form.getByLabel("First")).toBeDisabled();
    await expect(form.getByRole("button", { name: "Save OTP settings" })).toHaveCount(0);
    await expect(form.getByText("you can see these settings but not change them")).toBeVisible();
    await snap(page, "otp-settings-staff");
  });
});
