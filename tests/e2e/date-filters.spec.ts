import { expect, test, type Page } from "@playwright/test";
import { ADMIN, RIYADH } from "./support/demo";
import { openDashboard, snap, switchLab } from "./support/pages";

test.use({
  storageState: ADMIN.storageState,
  // A click or key press that cannot happen fails within this, naming the step, instead of waiting out the test.
  actionTimeout: 15_000,
});

/** "1 ديسمبر 2026": the day, the month's Arabic name, the year (digits Western or Arabic-Indic). */
const ARABIC_DATE = /^[0-9٠-٩]{1,2} [\u0600-\u06FF]+ [0-9٠-٩]{4}$/;
/** "1 Dec 2026" or "Dec 1, 2026". */
const ENGLISH_DATE = /^(?:\d{1,2} [A-Z][a-z]{2,3},? \d{4}|[A-Z][a-z]{2,3} \d{1,2}, \d{4})$/;

/** A day in the browser's calendar as the filters put it in the URL. */
function isoDay(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

async function openLab(page: Page, baseURL: string, locale: "en" | "ar"): Promise<string> {
  await page.context().addCookies([{ name: "herald-locale", value: "en", url: baseURL }]);
  await openDashboard(page);
  const labId = await switchLab(page, RIYADH);
  await page.context().addCookies([{ name: "herald-locale", value: locale, url: baseURL }]);
  return labId;
}

test.describe("an Arabic page in an English browser", () => {
  test.use({ locale: "en-US" });

  test("the audit log's and the messages' date filters speak Arabic, not the browser's language", async ({ page, baseURL }) => {
    // Two pages and a dozen steps: more than the default minute on a shared machine.
    test.setTimeout(180_000);
    const labId = await openLab(page, baseURL!, "ar");
    await page.goto(`/labs/${encodeURIComponent(labId)}/audit`);
    await expect(page.getByRole("heading", { level: 1, name: "سجل التدقيق" })).toBeVisible();
    const from = page.getByRole("button", { name: /^من تاريخ/ });
    await expect(from).toHaveText("أي تاريخ");
    await from.click();
    const calendar = page.getByRole("dialog", { name: "اختر تاريخًا" });
    await expect(calendar).toBeVisible();
    // The month is named in Arabic and the week's days too, whatever the browser's language.
    await expect(calendar.getByRole("grid")).toHaveAccessibleName(/^[\u0600-\u06FF]+ [0-9٠-٩]{4}$/);
    await expect(calendar.getByRole("columnheader").first()).toHaveText(/^[\u0600-\u06FF]+$/);
    await snap(page, "ar-audit-date-picker");
    await calendar.getByRole("button", { name: "اليوم" }).click();
    await expect(calendar).toBeHidden();
    await expect(from).toHaveAttribute("data-value", isoDay());
    await expect(from).toHaveText(ARABIC_DATE);
    await page.getByRole("button", { name: "تطبيق التصفية" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]from=${isoDay()}(&|$)`));
    // The lab was changed today (the API keys the suites create), so today's entries are listed.
    await expect(page.getByRole("region", { name: "التغييرات، الأحدث أولًا" }).getByRole("row").nth(1)).toBeVisible();
    await expect(page.getByRole("button", { name: /^من تاريخ/ })).toHaveText(ARABIC_DATE);
    await snap(page, "ar-audit-date-filtered");

    // By keyboard on the messages page: in right-to-left the left arrow is the next day, the right arrow the one before.
    await page.goto(`/labs/${encodeURIComponent(labId)}/messages`);
    await expect(page.getByRole("heading", { level: 1, name: "الرسائل" })).toBeVisible();
    // The count is written by the page's script once it has fetched the list: from then on the
    // filters answer keys. A key sent to the server-rendered button before that opens nothing.
    await expect(page.getByText(/في الصفحة [0-9٠-٩]+$/)).toBeVisible();
    const since = page.getByRole("button", { name: /^من \(يوم\)/ });
    const picker = page.getByRole("dialog", { name: "اختر تاريخًا" });
    const day = (offsetDays: number) => picker.locator(`[data-day="${isoDay(offsetDays)}"]`);
    // Each key goes to the element that must have focus for it, once that element is there: a key
    // never goes to the page while the calendar is still opening or moving to another day.
    await since.press("Enter");
    await expect(picker).toBeVisible();
    await expect(day(0)).toBeFocused();
    await day(0).press("ArrowRight");
    await expect(day(-1)).toBeFocused();
    await day(-1).press("ArrowRight");
    await expect(day(-2)).toBeFocused();
    await day(-2).press("ArrowLeft");
    await expect(day(-1)).toBeFocused();
    await day(-1).press("Enter");
    await expect(picker).toBeHidden();
    await expect(since).toHaveAttribute("data-value", isoDay(-1));
    await expect(since).toBeFocused();
    await expect(since).toHaveText(ARABIC_DATE);
    await page.getByRole("button", { name: "تطبيق المرشحات" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]since=${isoDay(-1)}(&|$)`));
    await expect(page.getByTestId("messages-table")).toBeVisible();
    await snap(page, "ar-messages-date-filtered");
    await page.context().clearCookies({ name: "herald-locale" });
  });
});

test.describe("an English page in an Arabic browser", () => {
  test.use({ locale: "ar-SA" });

  test("the date filters speak English", async ({ page, baseURL }) => {
    const labId = await openLab(page, baseURL!, "en");
    await page.goto(`/labs/${encodeURIComponent(labId)}/audit`);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await page.getByRole("button", { name: /^To / }).click();
    const calendar = page.getByRole("dialog", { name: "Choose a date" });
    await expect(calendar.getByRole("grid")).toHaveAccessibleName(/^[A-Z][a-z]+ \d{4}$/);
    await expect(calendar.getByRole("columnheader").first()).toHaveText("Sun");
    await calendar.getByRole("button", { name: "Today" }).click();
    await expect(page.getByRole("button", { name: /^To / })).toHaveText(ENGLISH_DATE);
    await snap(page, "en-audit-date-picker");
    // Clear empties the filter again.
    await page.getByRole("button", { name: /^To / }).click();
    await calendar.getByRole("button", { name: "Clear" }).click();
    await expect(page.getByRole("button", { name: /^To / })).toHaveText("Any date");
    await page.context().clearCookies({ name: "herald-locale" });
  });
});
