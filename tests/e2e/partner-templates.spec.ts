import { expect, test, type Page } from "@playwright/test";
import { ADMIN, STAFF } from "./support/demo";
import { openDashboard, snap } from "./support/pages";

/** The demo lab's id, from the page the dashboard opens on. */
async function labId(page: Page): Promise<string> {
  await openDashboard(page);
  return decodeURIComponent(/\/labs\/([^/]+)\//.exec(new URL(page.url()).pathname)![1]!);
}

const body = (page: Page) => page.getByLabel("Message", { exact: true });
const preview = (page: Page) => page.getByTestId("preview-body");
const audienceNav = (page: Page) => page.getByRole("navigation", { name: "Templates for" });

// Long flows: each edit waits for the server's live preview.
test.slow();

test.describe("partner templates, as a lab admin", () => {
  test.use({ storageState: ADMIN.storageState });

  test("override a partner template: its own catalogue, live preview of a sample digest, field errors, save, restore", async ({ page }) => {
    await labId(page);
    await page.getByRole("navigation", { name: "Lab sections" }).getByRole("link", { name: "Templates" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Templates" })).toBeVisible();
    await audienceNav(page).getByRole("link", { name: "Partners" }).click();
    await expect(page).toHaveURL(/\/templates\?audience=partner$/);
    await expect(audienceNav(page).getByRole("link", { name: "Partners" })).toHaveAttribute("aria-current", "page");
    // Partners hear of reports and bills only: two triggers on three channels, under the header row.
    await expect(page.getByRole("row")).toHaveCount(7);
    await expect(page.getByRole("row", { name: /One-time password/ })).toHaveCount(0);
    await snap(page, "partner-templates-catalogue-en");

    await page.getByRole("link", { name: "Open the partner template Report ready, SMS, English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Report ready · SMS · English · for partners" })).toBeVisible();
    await expect(page.getByText("This lab uses the platform default.")).toBeVisible();
    await expect(preview(page)).toContainText("Al Salam Clinic: 2 report(s) ready.");

    // An event's value outside the events loop is explained beside the field, live.
    await body(page).fill("{{ partnerName }}: report for {{ patientName }}");
    await expect(page.locator("#body-error")).toContainText("{{ patientName }} is each event's own value in a partner template");
    await body(page).fill("{{ partnerName }}: {{ eventCount }} new report(s). {% for e in events %}{{ e.patientName }}; {% endfor %}");
    await expect(page.locator("#body-error")).toHaveCount(0);
    await expect(preview(page)).toHaveText("Al Salam Clinic: 2 new report(s). Sara Ahmed; Sara Ahmed;");
    await page.getByLabel("partnerName", { exact: true }).fill("Gulf Hospital");
    await expect(preview(page)).toHaveText("Gulf Hospital: 2 new report(s). Sara Ahmed; Sara Ahmed;");
    await page.getByRole("button", { name: "Save as the lab's override" }).click();
    await expect(page.getByText("Saved as version 1.")).toBeVisible();
    // The editor reloads the saved override; an edit typed before that would be replaced by it.
    await expect(page.getByText("This lab's override (version 1) is used")).toBeVisible();

    await body(page).fill("{{ partnerName }}: {{ eventCount }} reports are ready. {% for e in events %}{{ e.reportUrl }} {% endfor %}");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await expect(page.getByText("Saved as version 2.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Version 1 → version 2" })).toBeVisible();
    await snap(page, "partner-template-editor-en");

    await page.getByRole("button", { name: "Restore this version v1" }).click();
    await page.getByRole("dialog", { name: "Restore version 1?" }).getByRole("button", { name: "Restore this version" }).click();
    await expect(page.getByText("Version 1 restored as version 3.")).toBeVisible();
    await expect(body(page)).toHaveValue("{{ partnerName }}: {{ eventCount }} new report(s). {% for e in events %}{{ e.patientName }}; {% endfor %}");

    // Back to the partners' catalogue, which marks the override; the patients' template is untouched.
    await page.getByRole("link", { name: "All partner templates" }).click();
    await expect(page.getByRole("link", { name: "Open the partner template Report ready, SMS, English" })).toHaveText("Lab override · v3");
    await audienceNav(page).getByRole("link", { name: "Patients" }).click();
    await expect(page.getByRole("link", { name: "Open Report ready, SMS, English" })).toHaveText(/^Platform default/);
  });

  test("in Arabic the partner catalogue and editor read right to left, with the Arabic digest", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
    await page.goto("/");
    const lab = decodeURIComponent(/\/labs\/([^/]+)\//.exec(new URL(page.url()).pathname)![1]!);
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates?audience=partner`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("navigation", { name: "القوالب لـ" }).getByRole("link", { name: "الشركاء" })).toHaveAttribute("aria-current", "page");
    await snap(page, "partner-templates-catalogue-ar");

    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/REPORT_READY/EMAIL/ar?audience=partner`);
    await expect(page.getByRole("heading", { level: 1, name: "التقرير جاهز · بريد إلكتروني · العربية · للشركاء" })).toBeVisible();
    await expect(page.getByTestId("preview-subject")).toHaveAttribute("dir", "rtl");
    await expect(page.getByTestId("preview-subject")).toContainText("عيادة السلام");
    await expect(page.frameLocator("iframe").locator("[dir=rtl]").first()).toContainText("سارة أحمد");
    await snap(page, "partner-template-editor-ar");
  });
});

test.describe("partner WhatsApp templates, as a lab admin", () => {
  test.use({ storageState: ADMIN.storageState });

  test("the shipped partner WhatsApp template binds an approved template whose event variables list every event", async ({ page, context, baseURL }) => {
    const lab = await labId(page);
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/REPORT_READY/WHATSAPP/en?audience=partner`);
    await expect(page.getByRole("heading", { level: 1, name: "Report ready · WhatsApp · English · for partners" })).toBeVisible();
    await expect(page.getByLabel("Provider template name")).toHaveValue("herald_partner_report_ready");
    const binding = page.getByRole("group", { name: "Variables, in placeholder order" });
    await expect(binding.getByRole("listitem")).toHaveText([/partnerName/, /eventCount/, /patientName/, /reportUrl/]);
    await expect(binding).toContainText("An event's variable (such as patientName) passes every event's value");
    // The sample digest has two events: the body lists both, as the parameters do.
    await expect(preview(page)).toContainText("Al Salam Clinic: 2 report(s) ready. Patients: Sara Ahmed, Sara Ahmed.");
    await snap(page, "partner-whatsapp-template-en");

    await context.addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/REPORT_READY/WHATSAPP/ar?audience=partner`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(preview(page)).toContainText("عيادة السلام: عدد التقارير الجاهزة 2. المرضى: سارة أحمد، سارة أحمد.");
    // The source opens with Liquid and reads left to right, filters and quotes in order; the Arabic preview right to left.
    const source = page.locator("textarea#body");
    await expect(source).toHaveValue(/^\{\{ partnerName \}\}: /);
    await expect.poll(() => source.evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
    await expect(preview(page)).toHaveAttribute("dir", "rtl");
    await expect(page.locator("#waTemplateName")).toHaveAttribute("dir", "ltr");
    await expect(page.locator("main")).not.toContainText(/templates\.editor|waEventVariablesHint/);
    await snap(page, "partner-whatsapp-template-ar");
    await context.addCookies([{ name: "herald-locale", value: "en", url: baseURL! }]);
  });
});

test.describe("partner templates, as read-only staff", () => {
  test.use({ storageState: STAFF.storageState });

  test("staff read partner templates and their preview, with every control disabled", async ({ page, context, baseURL }) => {
    const lab = await labId(page);
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/BILL_RECEIPT/SMS/en?audience=partner`);
    await expect(page.getByRole("heading", { level: 1, name: "Bill receipt · SMS · English · for partners" })).toBeVisible();
    await expect(page.getByText("You have read-only access: you can preview templates but not change them.")).toBeVisible();
    await expect(body(page)).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save as the lab's override" })).toBeDisabled();
    await expect(preview(page)).toContainText("Al Salam Clinic: 2 payment(s) received.");
    await snap(page, "staff-partner-template-editor-en");

    await context.addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/BILL_RECEIPT/SMS/ar?audience=partner`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(preview(page)).toContainText("عيادة السلام");
    await snap(page, "staff-partner-template-editor-ar");
  });
});
