import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, RIYADH, STAFF, uniq } from "./support/demo";
import { openDashboard, snap, switchLab } from "./support/pages";

async function openPartners(page: Page, navLabel: string, link: string) {
  await page.getByRole("navigation", { name: navLabel }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: link })).toBeVisible();
}

/** Adds a partner through the admin's form; the page shows it once added. */
async function addPartner(page: Page, name: string, externalId: string) {
  const add = page.getByRole("region", { name: "Add a partner" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Your system's id").fill(externalId);
  await add.getByRole("button", { name: "Add partner" }).click();
  await expect(page.getByRole("region", { name })).toBeVisible();
}

/** A partner in the Riyadh lab made by its admin, in a browser of their own (staff can add none). */
async function adminAddsPartner(browser: Browser, name: string, externalId: string) {
  const context = await browser.newContext({ storageState: ADMIN.storageState });
  const page = await context.newPage();
  await openDashboard(page);
  await switchLab(page, RIYADH);
  await openPartners(page, "Lab sections", "Partners");
  await addPartner(page, name, externalId);
  await context.close();
}

// Long flows through several forms, each waiting for the server.
test.slow();

test.describe("lab admin", () => {
  test.use({ storageState: ADMIN.storageState });

  test("adds a partner, a contact (after fixing what the form names) and a digest rule, in English then Arabic", async ({ page }) => {
    const name = `Al Salam Clinic ${uniq()}`;
    await openDashboard(page);
    await switchLab(page, RIYADH);
    await openPartners(page, "Lab sections", "Partners");

    const add = page.getByRole("region", { name: "Add a partner" });
    await add.getByLabel("Name").fill(name);
    await add.getByLabel("Type").selectOption("CLINIC");
    await add.getByLabel("Your system's id").fill(`clinic-${uniq()}`);
    await add.getByLabel("Digest time zone").fill("Asia/Dubai");
    await add.getByRole("button", { name: "Add partner" }).click();
    const contacts = page.getByRole("region", { name });
    await expect(contacts.getByText("No contacts yet")).toBeVisible();
    await expect(contacts.getByText(/digests in Gulf/)).toBeVisible();

    // SMS ticked without a phone: the form says which field is wrong and nothing is saved.
    const contactForm = page.getByRole("form", { name: "Add a contact" });
    await contactForm.getByLabel("Name").fill("Dr. Omar Khalid");
    await contactForm.getByLabel("Language").selectOption("ar");
    await contactForm.getByRole("textbox", { name: "Email" }).fill("omar@clinic.example");
    await contactForm.getByRole("group", { name: "Reached on" }).getByLabel("SMS").check();
    await contactForm.getByRole("button", { name: "Add contact" }).click();
    await expect(contactForm.getByText("SMS needs a phone for this contact")).toBeVisible();
    await expect(contacts.getByText("No contacts yet")).toBeVisible();
    await contactForm.getByLabel("Phone").fill("0501234567");
    await contactForm.getByRole("group", { name: "Consent given for" }).getByLabel("Email").check();
    await contactForm.getByRole("button", { name: "Add contact" }).click();
    await expect(contacts.getByRole("row", { name: /Dr\. Omar Khalid/ })).toContainText("+966501234567");
    // Languages and events are named in the viewer's words, never by their codes.
    await expect(contacts.getByRole("row", { name: /Dr\. Omar Khalid/ })).toContainText("Arabic");

    const rules = page.getByRole("region", { name: "Rules" });
    const ruleForm = page.getByRole("form", { name: "Set a rule" });
    await ruleForm.getByLabel("Event").selectOption({ label: "Report ready" });
    await ruleForm.getByLabel("Delivery").selectOption("DIGEST_AT");
    await ruleForm.getByLabel("Local time").fill("17:00");
    await ruleForm.getByLabel(/Tell the patient too/).uncheck();
    await ruleForm.getByRole("button", { name: "Save rule" }).click();
    await expect(rules.getByText("Daily digest at 17:00")).toBeVisible();
    await expect(rules.getByText("Partner informs the patient")).toBeVisible();
    // The saved rule names its event in words (the rule form's list of events names it too).
    await expect(rules.locator("span").getByText("Report ready", { exact: true })).toBeVisible();
    await expect(rules).not.toContainText("REPORT_READY");
    await expect(page.getByRole("region", { name: "Partners" }).getByRole("button", { name: new RegExp(name) })).toContainText("1 contact, 1 rule");
    await snap(page, "en-partners");

    await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1, name: "الشركاء" })).toBeVisible();
    await page.getByRole("region", { name: "الشركاء" }).getByRole("button", { name: new RegExp(name) }).click();
    await expect(page.getByRole("region", { name: "القواعد" }).getByText("ملخص يومي الساعة 17:00")).toBeVisible();
    await expect(page.getByRole("region", { name: "القواعد" }).locator("span").getByText("التقرير جاهز", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name }).getByRole("row", { name: /Dr\. Omar Khalid/ })).toContainText("العربية");
    await expect(page.locator("main")).not.toContainText(/REPORT_READY|CLINIC|IMMEDIATE|DIGEST|\bar\b/);
    await snap(page, "ar-partners");
    await page.getByRole("banner").getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("edits a partner's name, type, external id and time zone in place; an id another partner has is refused beside the field; deactivates and reactivates", async ({ page }) => {
    const tag = uniq();
    const first = { name: `Gulf Hospital ${tag}`, externalId: `gulf-${tag}` };
    const second = { name: `Olaya Clinic ${tag}`, externalId: `olaya-${tag}` };
    await openDashboard(page);
    await switchLab(page, RIYADH);
    await openPartners(page, "Lab sections", "Partners");
    await addPartner(page, first.name, first.externalId);
    await addPartner(page, second.name, second.externalId);

    const detail = page.getByRole("region", { name: second.name });
    await detail.getByRole("button", { name: "Edit details" }).click();
    const form = page.getByRole("form", { name: "Edit the partner's details" });
    await expect(form.getByLabel("Name")).toHaveValue(second.name);
    await expect(form.getByLabel("Your system's id")).toHaveValue(second.externalId);
    await expect(form.getByLabel("Digest time zone")).toHaveValue("");

    // The first partner's id: refused beside the field, naming who has it; nothing changes.
    await form.getByLabel("Name").fill(`${second.name} renamed`);
    await form.getByLabel("Your system's id").fill(first.externalId);
    await form.getByRole("button", { name: "Save changes" }).click();
    const idField = form.getByLabel("Your system's id");
    await expect(idField).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#edit-partner-external-id-error")).toContainText(`"${first.externalId}" is already ${first.name}'s id in this lab`);
    await expect(form.getByLabel("Name")).not.toHaveAttribute("aria-invalid", "true");
    await expect(detail).toContainText(`id ${second.externalId}`);
    await snap(page, "en-partner-edit-refused");

    const renamed = `Olaya Hospital ${tag}`;
    await form.getByLabel("Name").fill(renamed);
    await form.getByLabel("Type").selectOption("HOSPITAL");
    await idField.fill(`olaya-h-${tag}`);
    await form.getByLabel("Digest time zone").fill("Asia/Dubai");
    await form.getByRole("button", { name: "Save changes" }).click();
    const edited = page.getByRole("region", { name: renamed });
    await expect(edited.getByRole("status")).toHaveText("Saved.");
    await expect(form).toHaveCount(0);
    await expect(edited).toContainText(`Hospital · id olaya-h-${tag} · digests in Gulf`);
    await expect(page.getByRole("region", { name: "Partners" }).getByRole("button", { name: new RegExp(renamed) })).toContainText("Hospital");

    // Cleared, the external id is none and the digests go back to the lab's time zone.
    await edited.getByRole("button", { name: "Edit details" }).click();
    await form.getByLabel("Your system's id").fill("");
    await form.getByLabel("Digest time zone").fill("");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(edited).toContainText("Hospital · id none · digests in the lab's time zone");

    await edited.getByRole("button", { name: "Deactivate" }).click();
    await expect(edited.getByText("It is told nothing while inactive")).toBeVisible();
    await edited.getByRole("button", { name: "Activate" }).click();
    await expect(edited.getByRole("button", { name: "Deactivate" })).toBeVisible();
    await expect(edited.getByText("It is told nothing while inactive")).toHaveCount(0);

    await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await page.getByRole("region", { name: renamed }).getByRole("button", { name: "تعديل البيانات" }).click();
    const arabicForm = page.getByRole("form", { name: "تعديل بيانات الشريك" });
    await arabicForm.getByLabel("المعرّف في نظامكم").fill(first.externalId);
    await arabicForm.getByRole("button", { name: "حفظ التغييرات" }).click();
    await expect(page.locator("#edit-partner-external-id-error")).toContainText(`المعرّف "${first.externalId}" مستخدم بالفعل للشريك ${first.name}`);
    await expect(page.locator("main")).not.toContainText(/HOSPITAL|partner_external_id_taken|partners\./);
    await snap(page, "ar-partner-edit-refused");
    await arabicForm.getByRole("button", { name: "إلغاء" }).click();
    await page.getByRole("banner").getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});

test.describe("lab staff", () => {
  test.use({ storageState: STAFF.storageState });

  test("see the partners with no way to change them", async ({ page, browser }) => {
    const tag = uniq();
    const name = `Read-only Clinic ${tag}`;
    await adminAddsPartner(browser, name, `ro-${tag}`);
    await openDashboard(page);
    await openPartners(page, "Lab sections", "Partners");
    await page.getByRole("region", { name: "Partners" }).getByRole("button", { name: new RegExp(name) }).click();
    const detail = page.getByRole("region", { name });
    await expect(detail).toContainText(`Clinic · id ro-${tag} · digests in the lab's time zone`);
    await expect(detail.getByRole("button")).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Edit the partner's details" })).toHaveCount(0);
    await expect(page.getByText("a lab admin adds partners")).toBeVisible();
    await expect(page.getByRole("region", { name: "Add a partner" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add contact" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Partner templates" })).toBeVisible();
    await snap(page, "en-partners-staff");
    await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1, name: "الشركاء" })).toBeVisible();
    await snap(page, "ar-partners-staff");
    await page.getByRole("banner").getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});
