import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "./support/demo";
import { requestsInFlight, snap } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

const LAB_HOME_URL = /\/labs\/[^/]+\/overview$/;

const WORDS = {
  en: { title: "This page could not be shown", retry: "Try again", reference: "Reference:", overview: "Overview" },
  ar: { title: "تعذّر عرض هذه الصفحة", retry: "حاول مرة أخرى", reference: "المرجع:", overview: "نظرة عامة" },
} as const;

/**
 * A real failure on the server: the page's request carries an API key Herald refuses, so the API
 * call that renders the home page fails (UNAUTHORIZED) while the session cookie still lets the
 * visitor in. Once the request stops carrying it, "Try again" renders the page afresh and it works.
 */
async function failThenRetry(page: Page, lang: "en" | "ar") {
  const words = WORDS[lang];
  const requests = requestsInFlight(page);
  await page.setExtraHTTPHeaders({ authorization: "Bearer hk_this_key_does_not_exist" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  await expect(page.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
  await expect(page.getByRole("heading", { level: 1, name: words.title })).toBeVisible();
  // The server's reference for the failure, never its own text.
  await expect(page.locator("p", { hasText: words.reference }).locator("code")).toHaveText(/^\w+$/);
  await expect(page.locator("body")).not.toContainText(/UNAUTHORIZED|API key|TRPCError/);
  await snap(page, `${lang}-page-error`);

  await page.setExtraHTTPHeaders({});
  await page.getByRole("button", { name: words.retry }).click();
  await expect(page).toHaveURL(LAB_HOME_URL);
  await expect(page.getByRole("heading", { level: 1, name: words.overview })).toBeVisible();
  // Try again is a refresh and a reset, each a round trip that ends in the home page's redirect: the
  // overview shows after the first, and a page asked for before the second is done would be cut off.
  await requests.settled();
}

test("a page that fails on the server says so in the viewer's language and recovers with Try again", async ({ page, baseURL }) => {
  await page.context().addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
  await failThenRetry(page, "ar");
  await page.context().addCookies([{ name: "herald-locale", value: "en", url: baseURL! }]);
  await failThenRetry(page, "en");
  await page.context().clearCookies({ name: "herald-locale" });
});
