import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN, STAFF } from "./support/demo";
import { openDashboard, snap } from "./support/pages";

/** The demo lab's id, from the page the dashboard opens on. */
async function labId(page: Page): Promise<string> {
  await openDashboard(page);
  return decodeURIComponent(/\/labs\/([^/]+)\//.exec(new URL(page.url()).pathname)![1]!);
}

const body = (page: Page) => page.getByLabel("Message", { exact: true });
/** The direction the browser lays a control's text out in (dir="auto" resolved by its content). */
const direction = (control: Locator) => control.evaluate((el) => getComputedStyle(el).direction);
/** Which side of the preview the message bubble sits on. */
const bubbleSide = (page: Page) =>
  page.getByTestId("preview-body").evaluate((el) => {
    const bubble = el.getBoundingClientRect();
    const row = el.parentElement!.getBoundingClientRect();
    const [right, left] = [Math.abs(row.right - bubble.right) < 1, Math.abs(bubble.left - row.left) < 1];
    return right && left ? "full width" : right ? "right" : left ? "left" : "middle";
  });
const stats = (page: Page) => page.getByTestId("sms-stats");

test.describe("templates and triggers, as a lab admin", () => {
  test.use({ storageState: ADMIN.storageState });

  test("override a template: live preview and segments, field errors, save, compare versions, restore, deactivate", async ({ page }) => {
    const lab = await labId(page);
    await page.getByRole("navigation", { name: "Lab sections" }).getByRole("link", { name: "Templates" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Templates" })).toBeVisible();
    await page.getByLabel("Trigger", { exact: true }).selectOption({ label: "Collection scheduled" });
    await expect(page.getByRole("row")).toHaveCount(4); // the header, then SMS, WhatsApp and email
    await snap(page, "templates-catalogue-en");

    await page.getByRole("link", { name: "Open Collection scheduled, SMS, English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Collection scheduled · SMS · English" })).toBeVisible();
    await expect(page.getByText("This lab uses the platform default.")).toBeVisible();
    await expect(page.getByTestId("preview-body")).toContainText("Sara Ahmed");

    await body(page).fill("Hello {{ patientName }}, your collection is at {{ collectionAt }}.");
    await expect(page.getByTestId("preview-body")).toHaveText("Hello Sara Ahmed, your collection is at Sun 1 Mar 2026, 08:00.");
    await expect(stats(page)).toHaveText(/^GSM-7 · 1 segment · 62 characters$/);
    await body(page).fill(`Hello {{ patientName }}, your collection is at {{ collectionAt }}. ${"Please bring your ID and fast for 8 hours. ".repeat(3)}`);
    await expect(stats(page)).toHaveText(/^GSM-7 · 2 segments · \d+ characters$/);
    await body(page).fill("مرحباً {{ patientName }}");
    await expect(stats(page)).toHaveText(/^UCS-2 · 1 segment/);

    // An unknown variable is named beside the field, live and again when the server refuses the save.
    await body(page).fill("Hello {{ patientNme }}, see you at {{ collectionAt }}.");
    await expect(page.locator("#body-error")).toContainText("unknown variable {{ patientNme }}");
    await page.getByRole("button", { name: "Save as the lab's override" }).click();
    await expect(page.locator("#body-error")).toContainText("unknown variable {{ patientNme }}");
    await expect(body(page)).toHaveAttribute("aria-invalid", "true");

    await body(page).fill("Hello {{ patientName }}, see you at {{ collectionAt }}.");
    await expect(page.locator("#body-error")).toHaveCount(0);
    await page.getByRole("button", { name: "Save as the lab's override" }).click();
    await expect(page.getByText("Saved as version 1.")).toBeVisible();
    await expect(page.getByText("This lab's override (version 1) is used")).toBeVisible();

    await body(page).fill("Dear {{ patientName }}, our nurse comes at {{ collectionAt }}.");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await expect(page.getByText("Saved as version 2.")).toBeVisible();
    await expect(page.getByTestId("version-2")).toContainText("Current");
    await expect(page.getByTestId("version-1")).toContainText("First version");

    // The latest two are compared by default; any two can be picked.
    await expect(page.getByRole("heading", { name: "Version 1 → version 2" })).toBeVisible();
    await expect(page.getByTestId("diff-body").locator("ins")).toContainText(["Dear"]);
    await expect(page.getByTestId("diff-body").locator("del")).toContainText(["Hello"]);
    await page.getByLabel("Compare from version 2").check();
    await page.getByLabel("Compare to version 1").check();
    await expect(page.getByRole("heading", { name: "Version 2 → version 1" })).toBeVisible();
    await expect(page.getByTestId("diff-body").locator("ins")).toContainText(["Hello"]);
    await snap(page, "template-editor-en");

    await page.getByRole("button", { name: "Restore this version v1" }).click();
    const dialog = page.getByRole("dialog", { name: "Restore version 1?" });
    await dialog.getByRole("button", { name: "Restore this version" }).click();
    await expect(page.getByText("Version 1 restored as version 3.")).toBeVisible();
    await expect(body(page)).toHaveValue("Hello {{ patientName }}, see you at {{ collectionAt }}.");
    await expect(page.getByTestId("version-3")).toContainText("Current");

    await page.getByRole("button", { name: "Deactivate override" }).click();
    await expect(page.getByText("The override is off: the platform default is used.")).toBeVisible();
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates`);
    await page.getByLabel("Trigger", { exact: true }).selectOption({ label: "Collection scheduled" });
    await expect(page.getByRole("link", { name: "Open Collection scheduled, SMS, English" })).toHaveText("Override off · default used");

    // The audit log has the override's whole story, newest first.
    await page.goto(`/labs/${encodeURIComponent(lab)}/audit?action=template.`);
    const entries = page.getByRole("region", { name: "Changes, newest first" });
    await expect(entries.getByRole("row").nth(1)).toContainText("template.");
    for (const action of ["template.override.create", "template.update", "template.restore"]) await expect(entries).toContainText(action);
  });

  test("toggle a trigger on a channel", async ({ page }) => {
    const lab = await labId(page);
    await page.goto(`/labs/${encodeURIComponent(lab)}/triggers`);
    await expect(page.getByRole("heading", { level: 1, name: "Triggers" })).toBeVisible();
    const sms = page.getByRole("switch", { name: "Appointment reminder on SMS" });
    await expect(sms).toHaveAttribute("aria-checked", "true");
    await sms.click();
    await expect(page.getByText("Appointment reminder is now off for SMS.")).toBeVisible();
    await expect(sms).toHaveAttribute("aria-checked", "false");
    await page.reload();
    await expect(sms).toHaveAttribute("aria-checked", "false");
    await snap(page, "triggers-en");
    await sms.click();
    await expect(sms).toHaveAttribute("aria-checked", "true");
    // Sample collected is not sent by email: no switch there.
    await expect(page.getByRole("switch", { name: "Sample collected on Email" })).toHaveCount(0);

    // Both changes are in the audit log, by whom.
    await page.goto(`/labs/${encodeURIComponent(lab)}/audit?action=trigger.`);
    const entries = page.getByRole("region", { name: "Changes, newest first" });
    await expect(entries.getByRole("row").nth(1)).toContainText("trigger.enable");
    await expect(entries.getByRole("row").nth(1)).toContainText("Demo Admin");
    await expect(entries.getByRole("row").nth(2)).toContainText("trigger.disable");
  });

  test("in Arabic the pages are right to left and the Arabic template previews right to left", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
    await page.goto("/");
    const lab = decodeURIComponent(/\/labs\/([^/]+)\//.exec(new URL(page.url()).pathname)![1]!);
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1, name: "القوالب" })).toBeVisible();
    await snap(page, "templates-catalogue-ar");

    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/REPORT_READY/SMS/ar`);
    await expect(page.getByRole("heading", { level: 1, name: "التقرير جاهز · رسالة نصية · العربية" })).toBeVisible();
    await expect(page.getByTestId("preview-body")).toHaveAttribute("dir", "rtl");
    await expect(page.getByTestId("preview-body")).toContainText("سارة أحمد");
    await expect(stats(page)).toContainText("UCS-2");
    // The Arabic source reads right to left, and a short message's bubble sits on the right.
    await expect.poll(() => direction(page.getByLabel("الرسالة", { exact: true }))).toBe("rtl");
    await snap(page, "template-editor-ar");
    await page.getByLabel("الرسالة", { exact: true }).fill("مرحباً {{ patientName }}");
    await expect(page.getByTestId("preview-body")).toHaveText(/^مرحباً \S/);
    await expect.poll(() => bubbleSide(page)).toBe("right");
    // A problem with the Arabic template is named in Arabic beside its field.
    await page.getByLabel("الرسالة", { exact: true }).fill("مرحباً {{ patientNme }}");
    await expect(page.locator("#body-error")).toContainText("متغير غير معروف {{ patientNme }}");
    await snap(page, "template-editor-ar-error");

    // A line of Liquid reads left to right in the Arabic body, each Arabic line right to left.
    const loop = "{% if patientName %}{{ patientName }}، {% endif %}\nتقريرك جاهز: {{ reportUrl }}";
    await page.getByLabel("الرسالة", { exact: true }).fill(loop);
    await expect(page.getByLabel("الرسالة", { exact: true })).toHaveCSS("unicode-bidi", "plaintext");
    await expect.poll(() => direction(page.getByLabel("الرسالة", { exact: true }))).toBe("ltr");
    await expect(page.getByTestId("preview-body")).toContainText("تقريرك جاهز");
    await snap(page, "template-editor-ar-liquid");

    // An English template in the Arabic dashboard: its source and preview read left to right, the bubble on the left.
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/REPORT_READY/SMS/en`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByTestId("preview-body")).toHaveAttribute("dir", "ltr");
    await expect.poll(() => direction(page.getByLabel("الرسالة", { exact: true }))).toBe("ltr");
    await snap(page, "template-editor-en-in-ar");
    await page.getByLabel("الرسالة", { exact: true }).fill("Hello {{ patientName }}");
    await expect(page.getByTestId("preview-body")).toHaveText(/^Hello \S/);
    await expect.poll(() => bubbleSide(page)).toBe("left");

    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/REPORT_READY/EMAIL/ar`);
    await expect(page.getByTestId("preview-subject")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("textarea#html")).toHaveAttribute("dir", "ltr");
    await expect(page.frameLocator("iframe").locator("[dir=rtl]").first()).toBeVisible();
    await snap(page, "template-email-ar");

    await page.goto(`/labs/${encodeURIComponent(lab)}/triggers`);
    await expect(page.getByRole("heading", { level: 1, name: "المشغّلات" })).toBeVisible();
    await expect(page.getByRole("switch", { name: "التقرير جاهز على واتساب" })).toBeVisible();
    await snap(page, "triggers-ar");
  });
});

test.describe("as read-only staff", () => {
  test.use({ storageState: STAFF.storageState });

  test("staff see templates and triggers, and every control is disabled", async ({ page }) => {
    const lab = await labId(page);
    await page.goto(`/labs/${encodeURIComponent(lab)}/templates/REPORT_READY/SMS/en`);
    await expect(page.getByText("You have read-only access: you can preview templates but not change them.")).toBeVisible();
    await expect(body(page)).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save as the lab's override" })).toBeDisabled();
    await expect(stats(page)).toContainText("GSM-7");
    await expect(page.getByRole("button", { name: /Restore this version/ })).toHaveCount(0);
    await snap(page, "staff-template-editor");

    await page.goto(`/labs/${encodeURIComponent(lab)}/triggers`);
    await expect(page.getByText("You have read-only access: ask a lab admin to change triggers.")).toBeVisible();
    const switches = page.getByRole("switch");
    await expect(switches.first()).toBeVisible();
    for (const toggle of await switches.all()) await expect(toggle).toBeDisabled();
    await expect(page.getByRole("button", { name: "All on" })).toHaveCount(0);
    await snap(page, "staff-triggers");
  });
});
