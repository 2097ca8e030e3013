import { expect, test, type Page } from "@playwright/test";
import { ADMIN, RIYADH, uniq } from "./support/demo";
import { labWithApiClient } from "./support/api-client";
import { snap } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

/** A next-intl key shown in place of its message (e.g. "audit.filters.from"). */
const RAW_KEY = /\b(?:audit|common|contacts|errors|messages|providerAccounts|shell|stats|suppressions|templates|triggers)\.[a-z][A-Za-z]*(?:\.[A-Za-z_]+)*\b/;
/** Stored values a lab manager should never read as such. */
const RAW_VALUES = /\b(?:GRANTED|WITHDRAWN|DELIVERED|FAILED|SKIPPED|SCHEDULED|CANCELLED|QUEUED|WHATSAPP|LAB_ADMIN|LAB_STAFF|true|false)\b/;

/** Waits until the page's lists have loaded: no "Loading…" line left in the main area. */
async function settled(page: Page) {
  await expect(page.locator("main").getByText(/…$/)).toHaveCount(0, { timeout: 30_000 });
}

/** The page reads right to left in Arabic, its navigation on the right, no raw key or stored value on it. */
async function expectArabicPage(page: Page, heading: string | RegExp, shot: string) {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await settled(page);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  const nav = await page.getByRole("navigation", { name: "أقسام المختبر" }).boundingBox();
  const main = await page.locator("main").boundingBox();
  if (nav) expect(nav.x, "the side navigation sits on the right").toBeGreaterThan(main!.x);
  // Nothing overflows the window sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const text = await page.locator("main").innerText();
  expect(text, "a message key shown raw").not.toMatch(RAW_KEY);
  expect(text, "a stored value shown raw").not.toMatch(RAW_VALUES);
  await snap(page, shot);
}

test("every configuration and statistics page reads right to left in Arabic, with nothing raw on it", async ({ page, baseURL }) => {
  // Some traffic first, then a dozen pages: more than the default minute on a shared machine.
  test.setTimeout(300_000);
  const { labId, client } = await labWithApiClient(page, baseURL!, RIYADH, "Arabic pages");

  // A patient with a withdrawn consent, a delivered and a failed message, and an address on the suppression list.
  const u = uniq();
  const phone = `050${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  const contact = await client.contacts.upsert.mutate({ labId, externalId: `AR-${u}`, name: `سارة الحربي ${u}`, phone, language: "ar" });
  await client.contacts.updateConsent.mutate({ labId, contactId: contact.id, channel: "SMS", status: "GRANTED", source: "registration-form" });
  const otp = (to: string) => ({ trigger: "OTP", recipient: { externalId: `AR-${u}-${to}`, phone: to }, channels: ["SMS" as const], variables: { otpCode: "482913", expiresInMinutes: 5, labName: RIYADH } });
  const sent = await client.notifications.sendMany.mutate({ labId, items: [otp("+966501234571"), otp("+966501230000")] });
  const [deliveredId, failedId] = sent.items.map((item) => item.channels[0]!.messageId!);
  await expect.poll(async () => (await client.messages.get.query({ labId, messageId: failedId! })).status, { timeout: 60_000 }).toBe("FAILED");
  await client.contacts.updateConsent.mutate({ labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "front-desk" });

  await page.context().addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
  const lab = `/labs/${encodeURIComponent(labId)}`;

  await page.goto(`${lab}/overview`);
  await expectArabicPage(page, "نظرة عامة", "ar-overview");
  await page.goto(`${lab}/messages`);
  await expect(page.getByTestId("messages-table")).toBeVisible();
  await expectArabicPage(page, "الرسائل", "ar-messages");
  await page.goto(`${lab}/messages/${encodeURIComponent(failedId!)}`);
  await expect(page.getByTestId("timeline")).toBeVisible();
  await expectArabicPage(page, "الرسالة", "ar-message-failed");
  await page.goto(`${lab}/messages/${encodeURIComponent(deliveredId!)}`);
  await expect(page.getByTestId("timeline")).toBeVisible();
  await expectArabicPage(page, "الرسالة", "ar-message-delivered");
  await page.goto(`${lab}/breakdown`);
  await expect(page.getByTestId("by-trigger")).toBeVisible();
  await expectArabicPage(page, "التفاصيل", "ar-breakdown");
  await page.goto(`${lab}/overview`);
  await page.getByRole("link", { name: "عرض المؤسسة كاملة" }).click();
  await expect(page.getByTestId("by-lab")).toContainText(RIYADH);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await settled(page);
  await snap(page, "ar-organization");

  await page.goto(`${lab}/templates`);
  await expectArabicPage(page, "القوالب", "ar-templates");
  await page.goto(`${lab}/templates/REPORT_READY/SMS/ar`);
  await expect(page.getByTestId("preview-body")).toBeVisible();
  await expectArabicPage(page, /·/, "ar-template-editor");
  await page.goto(`${lab}/triggers`);
  await expectArabicPage(page, "المشغّلات", "ar-triggers");
  await page.goto(`${lab}/provider-accounts`);
  await expectArabicPage(page, "حسابات المزوّدين", "ar-provider-accounts");
  await page.goto(`${lab}/contacts?q=${phone}`);
  await expectArabicPage(page, "جهات الاتصال", "ar-contacts");
  await page.goto(`${lab}/contacts/${encodeURIComponent(contact.id)}`);
  await expect(page.getByRole("heading", { level: 2, name: contact.name! })).toBeVisible();
  await expectArabicPage(page, "جهات الاتصال", "ar-contact");
  await page.goto(`${lab}/suppressions`);
  await expectArabicPage(page, "قائمة الحظر", "ar-suppressions");
  await page.goto(`${lab}/audit`);
  await expectArabicPage(page, "سجل التدقيق", "ar-audit");
  await page.context().clearCookies({ name: "herald-locale" });
});
