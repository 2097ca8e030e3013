import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, RIYADH, STAFF, uniq } from "./support/demo";
import { apiClientWithKey } from "./support/api-client";
import { createApiKey, openDashboard, openSection, snap, switchLab } from "./support/pages";

/** A patient the lab's system keeps in step (with an API key), sent one OTP so their message history has a row. */
async function makePatient(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ storageState: ADMIN.storageState });
  const page = await context.newPage();
  await openDashboard(page);
  const labId = await switchLab(page, RIYADH);
  await openSection(page, "API keys");
  const client = apiClientWithKey(baseURL, await createApiKey(page, `Contacts e2e ${uniq()}`));
  await context.close();
  const u = uniq();
  // A number of its own per run, so a search finds this patient alone.
  const local = `050${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  const contact = await client.contacts.upsert.mutate({ labId, externalId: `MRN-${u}`, name: `Sara Al-Harbi ${u}`, phone: local, email: `sara.${u}@example.test`, language: "ar" });
  await client.contacts.updateConsent.mutate({ labId, contactId: contact.id, channel: "SMS", status: "GRANTED", source: "registration-form" });
  await client.notifications.send.mutate({
    labId,
    trigger: "OTP",
    recipient: { externalId: `MRN-${u}` },
    channels: ["SMS"],
    variables: { otpCode: "482913", expiresInMinutes: 5, labName: RIYADH },
  });
  return { labId, contact, local, name: contact.name! };
}

async function openSectionIn(page: Page, navLabel: string, link: string, heading: string) {
  await page.getByRole("navigation", { name: navLabel }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/** A date and time formatted for Arabic: the month's Arabic name between the day and the year. */
const ARABIC_DATE_TIME = /[0-9٠-٩]{1,2} [\u0600-\u06FF]+ [0-9٠-٩]{4}/;

async function expectRtl(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  const nav = await page.getByRole("navigation", { name: "أقسام المختبر" }).boundingBox();
  const main = await page.locator("main").boundingBox();
  expect(nav && main && nav.x > main.x).toBe(true);
}

test.describe("lab admin", () => {
  test.use({ storageState: ADMIN.storageState });

  test("finds a contact by phone, withdraws a consent, and the audit log shows who did it", async ({ page, browser, baseURL }) => {
    // A patient made through the API, then a whole flow: more than the default minute on a shared machine.
    test.setTimeout(180_000);
    const patient = await makePatient(browser, baseURL!);
    await openDashboard(page);
    await switchLab(page, RIYADH);
    await openSectionIn(page, "Lab sections", "Contacts", "Contacts");
    await page.getByLabel("Search contacts").fill(patient.local);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(new RegExp(`\\?q=${patient.local}$`));
    const results = page.getByRole("region", { name: /Contacts matching/ });
    await expect(results.getByRole("link")).toHaveCount(1);
    await expect(results).toContainText("SMS: granted");
    await snap(page, "en-contacts");

    await results.getByRole("link", { name: new RegExp(patient.name) }).click();
    await expect(page.getByRole("heading", { level: 2, name: patient.name })).toBeVisible();
    await expect(page.getByRole("region", { name: "Message history" })).toContainText("OTP");
    const consent = page.getByRole("region", { name: "Consent per channel" });
    await consent.getByLabel("How the patient told us").first().selectOption("phone-call");
    await consent.getByRole("button", { name: "Withdraw SMS consent" }).click();
    await expect(consent.getByText("SMS: withdrawn")).toBeVisible();
    await expect(consent.getByRole("button", { name: "Record SMS consent" })).toBeEnabled();
    const history = page.getByRole("region", { name: "Consent history" });
    await expect(history.getByRole("row").nth(1)).toContainText("granted → withdrawn");
    await expect(history.getByRole("row").nth(1)).toContainText("On a phone call");
    await expect(history.getByRole("row").nth(1)).toContainText("Demo Admin");
    await expect(history.getByRole("row").nth(2)).toContainText("Registration form");
    await snap(page, "en-contact");

    await openSectionIn(page, "Lab sections", "Audit log", "Audit log");
    await page.getByLabel("Action").fill("contact.consent.withdraw");
    await page.getByLabel("Target id").fill(patient.contact.id);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/action=contact\.consent\.withdraw/);
    const entries = page.getByRole("region", { name: "Changes, newest first" });
    await expect(entries.getByRole("row")).toHaveCount(2);
    await expect(entries).toContainText("Demo Admin");
    // Stored values read as words: the status, the channel and how the patient told us.
    const withdrawal = entries.getByRole("row").nth(1);
    await expect(withdrawal).toContainText("Consent withdrawn");
    await expect(withdrawal.locator('[data-field="status"] dd')).toHaveText("granted → withdrawn");
    await expect(withdrawal.locator('[data-field="channel"]')).toHaveText(/^ChannelSMS$/);
    await expect(withdrawal.locator('[data-field="source"]')).toHaveText(/^HowOn a phone call$/);
    await expect(entries).not.toContainText(/GRANTED|WITHDRAWN|phone-call/);
    // The filtered view is in the URL: a reload (or a shared link) shows the same.
    await page.reload();
    await expect(page.getByLabel("Target id")).toHaveValue(patient.contact.id);
    await expect(entries.getByRole("row")).toHaveCount(2);
    await snap(page, "en-audit");
  });

  test("a platform admin creates an organization and a lab in it", async ({ page }) => {
    await openDashboard(page);
    await switchLab(page, RIYADH);
    await openSectionIn(page, "Lab sections", "Labs and organizations", "Labs and organizations");
    const u = uniq();
    // A bad short name is named by its field, from the server.
    await page.getByLabel("Name", { exact: true }).fill(`Gulf Diagnostics ${u}`);
    await page.getByRole("region", { name: "New organization" }).getByLabel("Short name").fill("Not A Slug");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByRole("region", { name: "New organization" }).getByLabel("Short name")).toHaveAccessibleDescription(/expected lowercase letters/);
    await page.getByRole("region", { name: "New organization" }).getByLabel("Short name").fill(`gulf-${u}`);
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByText(`Organization Gulf Diagnostics ${u} created.`)).toBeVisible();

    const form = page.getByRole("region", { name: "New lab" });
    await form.getByLabel("Organization").selectOption({ label: `Gulf Diagnostics ${u}` });
    await form.getByLabel("Lab name").fill(`Dammam ${u}`);
    await form.getByLabel("Short name").fill(`dammam-${u}`);
    await form.getByLabel("Country").fill("SA");
    await form.getByRole("button", { name: "Create lab" }).click();
    await expect(form.getByText(`Lab Dammam ${u} created.`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Organizations" })).toContainText(`Dammam ${u}`);
    await expect(page.getByLabel("Lab", { exact: true }).locator("option", { hasText: `Dammam ${u}` })).toHaveCount(1);
    await snap(page, "en-organizations");

    await openSectionIn(page, "Lab sections", "Audit log", "Audit log");
    await snap(page, "en-audit-unfiltered");
  });

  test("the whole flow in Arabic, right to left", async ({ page, browser, baseURL }) => {
    // A patient made through the API, then a whole flow: more than the default minute on a shared machine.
    test.setTimeout(180_000);
    const patient = await makePatient(browser, baseURL!);
    await openDashboard(page);
    await switchLab(page, RIYADH);
    await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await openSectionIn(page, "أقسام المختبر", "جهات الاتصال", "جهات الاتصال");
    await expectRtl(page);
    await page.getByLabel("البحث في جهات الاتصال").fill(patient.name);
    await page.getByRole("button", { name: "بحث" }).click();
    const results = page.getByRole("region", { name: /جهات الاتصال المطابقة/ });
    await expect(results.getByRole("link")).toHaveCount(1);
    await snap(page, "ar-contacts");
    await results.getByRole("link").click();
    const consent = page.getByRole("region", { name: "الموافقة لكل قناة" });
    await consent.getByRole("button", { name: "سحب موافقة الرسائل النصية" }).click();
    await expect(consent.getByText("الرسائل النصية: مسحوبة")).toBeVisible();
    await expect(page.getByRole("region", { name: "سجل الموافقات" }).getByRole("row").nth(1)).toContainText("Demo Admin");
    await expectRtl(page);
    await snap(page, "ar-contact");

    await openSectionIn(page, "أقسام المختبر", "سجل التدقيق", "سجل التدقيق");
    await page.getByLabel("معرّف الهدف").fill(patient.contact.id);
    await page.getByRole("button", { name: "تطبيق التصفية" }).click();
    const entries = page.getByRole("region", { name: "التغييرات، الأحدث أولًا" });
    await expect(entries).toContainText("contact.consent.withdraw");
    await expect(entries).toContainText("Demo Admin");
    // The change in Arabic words, the arrow pointing from the old value to the new one (right to left).
    const withdrawal = entries.getByRole("row").nth(1);
    await expect(withdrawal).toContainText("سحب موافقة");
    await expect(withdrawal.locator('[data-field="status"] dd')).toHaveText("ممنوحة → مسحوبة");
    await expect(withdrawal.locator('[data-field="channel"]')).toHaveText(/^القناةالرسائل النصية$/);
    await expect(withdrawal.locator('[data-field="source"]')).toHaveText(/^الطريقةفي مكتب الاستقبال$/);
    await expect(withdrawal.locator('[data-field="at"] dd')).toHaveText(ARABIC_DATE_TIME);
    await expect(entries).not.toContainText(/GRANTED|WITHDRAWN|front-desk|\bSMS\b/);
    const arrow = await withdrawal.locator('[data-field="status"] dd span[aria-hidden]').boundingBox();
    const from = await withdrawal.locator('[data-field="status"] del').boundingBox();
    const to = await withdrawal.locator('[data-field="status"] ins').boundingBox();
    expect(from!.x > arrow!.x && arrow!.x > to!.x, "right to left: old value, arrow, new value").toBe(true);
    await expectRtl(page);
    await snap(page, "ar-audit");

    await openSectionIn(page, "أقسام المختبر", "المختبرات والمؤسسات", "المختبرات والمؤسسات");
    const u = uniq();
    await page.getByRole("region", { name: "مؤسسة جديدة" }).getByLabel("الاسم", { exact: true }).fill(`مختبرات الخليج ${u}`);
    await page.getByRole("region", { name: "مؤسسة جديدة" }).getByLabel("الاسم المختصر").fill(`khaleej-${u}`);
    await page.getByRole("button", { name: "إنشاء المؤسسة" }).click();
    await expect(page.getByRole("region", { name: "المؤسسات" })).toContainText(`مختبرات الخليج ${u}`);
    await expectRtl(page);
    await snap(page, "ar-organizations");
  });
});

test.describe("read-only staff", () => {
  test.use({ storageState: STAFF.storageState });

  test("see contacts and consent with every control disabled, and no audit log or organizations", async ({ page, browser, baseURL }) => {
    // A patient made through the API, then a whole flow: more than the default minute on a shared machine.
    test.setTimeout(180_000);
    const patient = await makePatient(browser, baseURL!);
    await openDashboard(page);
    const nav = page.getByRole("navigation", { name: "Lab sections" });
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Labs and organizations" })).toHaveCount(0);
    await openSectionIn(page, "Lab sections", "Contacts", "Contacts");
    await page.getByLabel("Search contacts").fill(patient.contact.externalId!);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("region", { name: /Contacts matching/ }).getByRole("link", { name: new RegExp(patient.name) }).click();
    const consent = page.getByRole("region", { name: "Consent per channel" });
    await expect(consent).toContainText("You can see consent but not change it");
    await expect(consent.getByRole("button", { name: "Withdraw SMS consent" })).toBeDisabled();
    await expect(consent.getByLabel("How the patient told us").first()).toBeDisabled();
    await expect(page.getByRole("region", { name: "Consent history" })).toContainText("Registration form");
    await snap(page, "en-contact-staff");

    await page.goto(page.url().replace(/\/contacts\/.*$/, "/audit"));
    await expect(page.getByText("The audit log is for lab admins.")).toBeVisible();
    await page.goto(page.url().replace(/\/audit$/, "/organizations"));
    await expect(page.getByText("Only platform admins can see and create organizations and labs.")).toBeVisible();
    await snap(page, "en-organizations-staff");
  });
});
