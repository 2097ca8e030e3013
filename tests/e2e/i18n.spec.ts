import { expect, test, type Page } from "@playwright/test";
import { ADMIN, JEDDAH } from "./support/demo";
import { openDashboard, snap, switchLab } from "./support/pages";

/** The page's language and direction, as the root element carries them. */
async function expectLanguage(page: Page, lang: "en" | "ar") {
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  await expect(page.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
}

/** A date formatted for Arabic: the day, the month's Arabic name, the year ("1 ديسمبر 2026"). */
const ARABIC_DATE = /[0-9٠-٩]{1,2} [\u0600-\u06FF]+ [0-9٠-٩]{4}/;

const SECTIONS = [
  { en: { link: "Settings", heading: "Lab settings" }, ar: { link: "الإعدادات", heading: "إعدادات المختبر" }, shot: "settings" },
  { en: { link: "API keys", heading: "API keys" }, ar: { link: "مفاتيح API", heading: "مفاتيح API" }, shot: "api-keys" },
  { en: { link: "Members", heading: "Members" }, ar: { link: "الأعضاء", heading: "الأعضاء" }, shot: "members" },
] as const;

async function visitEverySection(page: Page, lang: "en" | "ar") {
  const nav = page.getByRole("navigation", { name: lang === "ar" ? "أقسام المختبر" : "Lab sections" });
  for (const section of SECTIONS) {
    await nav.getByRole("link", { name: section[lang].link }).click();
    await expect(page.getByRole("heading", { level: 1, name: section[lang].heading })).toBeVisible();
    await expectLanguage(page, lang);
    // Lists load after the page: wait for them, so the screenshot shows the page as it is read.
    if (section.shot === "members") await expect(page.getByRole("region", { name: lang === "ar" ? "الأعضاء" : "Members" })).toBeVisible();
    if (section.shot === "api-keys") await expect(page.getByRole("region", { name: lang === "ar" ? "المفاتيح" : "Keys" })).toBeVisible();
    await snap(page, `${lang}-${section.shot}`);
  }
}

test.describe("signed in", () => {
  test.use({ storageState: ADMIN.storageState });

  test("the dashboard switches to Arabic, right to left, on every page and back", async ({ page }) => {
    await openDashboard(page);
    await switchLab(page, JEDDAH);
    await expectLanguage(page, "en");
    await visitEverySection(page, "en");

    await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
    await expectLanguage(page, "ar");
    // The same page, now in Arabic: the URL carries no language.
    await expect(page.getByRole("heading", { level: 1, name: "الأعضاء" })).toBeVisible();
    await expect(page).toHaveURL(/\/members$/);
    await expect(page.getByLabel("المختبر", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "تسجيل الخروج" })).toBeVisible();
    // Dates are formatted for Arabic, not just the labels translated.
    await expect(page.getByText(/عضو منذ/).first()).toHaveText(ARABIC_DATE);
    await visitEverySection(page, "ar");

    // The side navigation sits at the start of the line, which in Arabic is the right.
    const nav = await page.getByRole("navigation", { name: "أقسام المختبر" }).boundingBox();
    const main = await page.locator("main").boundingBox();
    expect(nav && main && nav.x > main.x).toBe(true);

    // The choice is remembered across visits.
    await page.reload();
    await expectLanguage(page, "ar");
    await expect(page.getByRole("heading", { level: 1, name: "الأعضاء" })).toBeVisible();

    await page.getByRole("banner").getByRole("button", { name: "English" }).click();
    await expectLanguage(page, "en");
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  });

  test("a settings form in Arabic names the missing quiet-hours times in Arabic", async ({ page }) => {
    await openDashboard(page);
    await switchLab(page, JEDDAH);
    await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "إعدادات المختبر" })).toBeVisible();
    const quietHours = page.getByLabel("تفعيل فترة هدوء يومية");
    if (await quietHours.isChecked()) await quietHours.uncheck();
    await quietHours.check();
    await page.getByLabel("تبدأ عند").fill("");
    await page.getByLabel("تنتهي عند").fill("");
    await page.getByRole("button", { name: "حفظ الإعدادات" }).click();
    await expect(page.getByLabel("تبدأ عند")).toHaveAccessibleDescription(/أدخل وقت بداية فترة الهدوء/);
    await expect(page.getByRole("alert").filter({ hasText: "لم تُحفظ الإعدادات" })).toBeVisible();
    await expect(quietHours).toBeChecked();
    await snap(page, "ar-settings-quiet-hours-required");
  });
});

test.describe("signed out", () => {
  test("sign-in, invitation and not-found pages switch to Arabic and back", async ({ page }) => {
    await page.goto("/login");
    await expectLanguage(page, "en");
    await snap(page, "en-login");

    await page.getByRole("button", { name: "العربية" }).click();
    await expectLanguage(page, "ar");
    await expect(page.getByRole("heading", { name: "تسجيل الدخول إلى Herald" })).toBeVisible();
    await page.getByLabel("البريد الإلكتروني").fill(ADMIN.email);
    await page.getByLabel("كلمة المرور").fill("not-the-password");
    await page.getByRole("button", { name: "تسجيل الدخول" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "البريد الإلكتروني أو كلمة المرور غير صحيحة." })).toBeVisible();
    await snap(page, "ar-login-error");

    await page.goto("/invite/not-a-real-token");
    await expectLanguage(page, "ar");
    await expect(page.getByRole("heading", { name: "الانضمام إلى Herald" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "لا يمكن استخدام هذه الدعوة" })).toBeVisible();
    await snap(page, "ar-invite-unusable");

    await page.goto("/no-such-page");
    await expectLanguage(page, "ar");
    await expect(page.getByRole("heading", { name: "الصفحة غير موجودة" })).toBeVisible();
    await snap(page, "ar-not-found");

    await page.getByRole("button", { name: "English" }).click();
    await expectLanguage(page, "en");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.goto("/invite/not-a-real-token");
    await expect(page.getByRole("alert").filter({ hasText: "This invitation can't be used" })).toBeVisible();
    await snap(page, "en-invite-unusable");
  });

  test.describe("with an Arabic browser", () => {
    test.use({ locale: "ar-SA" });

    test("a first visit follows the browser's language", async ({ page }) => {
      await page.goto("/login");
      await expectLanguage(page, "ar");
      await expect(page.getByRole("heading", { name: "تسجيل الدخول إلى Herald" })).toBeVisible();
      await snap(page, "ar-login");
    });
  });

  test("the browser tab gets Herald's icon", async ({ request }) => {
    const icon = await request.get("/favicon.ico");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  });
});
