import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page, type Response } from "@playwright/test";
import { ADMIN, STAFF, TABUK, uniq } from "./support/demo";
import { openDashboard, snap, switchLab } from "./support/pages";

const hex = (length: number) => randomBytes(length).toString("hex").slice(0, length);

/** Opens a lab section by its link in the side navigation and waits for its heading. */
async function openLabSection(page: Page, link: string, heading = link) {
  await page.getByRole("navigation").getByRole("link", { name: link }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/** The bodies of every API response the page receives, read as they arrive. */
function recordApiResponses(page: Page): Promise<string>[] {
  const bodies: Promise<string>[] = [];
  page.on("response", (response: Response) => {
    if (response.url().includes("/api/trpc")) bodies.push(response.text().catch(() => ""));
  });
  return bodies;
}

/** The account names of a channel's chain, in the order shown. */
function chainOrder(page: Page, channel: string) {
  return page.getByRole("list", { name: `${channel} accounts in the order they are tried` }).getByRole("heading", { level: 3 });
}

/**
 * Drags a card by its position handle onto another card's place with the mouse, as a person does:
 * press, a first small move that starts the drag, then steps across, then release.
 */
async function dragCard(page: Page, card: Locator, onto: Locator) {
  const from = await card.getByTitle("Drag to change the order").boundingBox();
  const to = await onto.getByTitle("Drag to change the order").boundingBox();
  if (!from || !to) throw new Error("a drag handle is not on the page");
  const [x, y] = [from.x + from.width / 2, from.y + from.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + (to.y > from.y ? 10 : -10), { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + (to.y > from.y ? 10 : -10), { steps: 20 });
  await page.mouse.up();
}

/** A Saudi mobile number nobody else's test uses, as typed at a front desk and as Herald stores it. */
function newPhone() {
  const digits = String(Math.floor(Math.random() * 1e7)).padStart(7, "0");
  return { typed: `055${digits}`, stored: `+96655${digits}` };
}

test.describe("lab admin", () => {
  test.use({ storageState: ADMIN.storageState });

  test("adds a provider account whose secrets never come back, reorders the chain by dragging and by keyboard, and sends a test", async ({ page }) => {
    // A long flow (create, edit, two reorders, a reload, a provider call): more than the default minute on a shared machine.
    test.setTimeout(180_000);
    await openDashboard(page);
    await switchLab(page, TABUK);
    const responses = recordApiResponses(page);
    await openLabSection(page, "Provider accounts");
    const seeded = "Twilio SMS (simulated)";
    await expect(page.getByRole("article", { name: seeded })).toBeVisible();
    await snap(page, "en-provider-accounts");

    const name = `Twilio backup ${uniq()}`;
    const secrets = { authToken: hex(32), apiKeySecret: hex(32) };
    await page.getByRole("button", { name: "Add an account for SMS" }).click();
    const form = page.getByRole("form", { name: "New SMS account" });
    await form.getByLabel("Provider").selectOption({ label: "Twilio" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    // Generated from Twilio's config schema: its own fields, secrets as password inputs.
    await form.getByLabel("Account SID", { exact: true }).fill("AC123");
    await expect(form.getByLabel("Auth token", { exact: true })).toHaveAttribute("type", "password");
    await form.getByLabel("Auth token", { exact: true }).fill(secrets.authToken);
    await form.getByLabel("API key SID (optional)").fill(`SK${hex(32)}`);
    await form.getByLabel("API key secret (optional)").fill(secrets.apiKeySecret);
    await form.getByLabel("Sender (optional)").fill("+14155550199");
    await form.getByLabel("Send rate (requests a second)").fill("5");
    // Inactive, so the rest of the suite's SMS still goes through the simulated account.
    await form.getByLabel("Active", { exact: true }).uncheck();
    await form.getByRole("button", { name: "Add account" }).click();
    // The server's error lands on its field, and the form keeps what was typed.
    await expect(form.getByLabel("Account SID", { exact: true })).toHaveAccessibleDescription(/starting with AC followed by 32 hex digits/);
    await snap(page, "en-provider-account-field-error");
    await form.getByLabel("Account SID", { exact: true }).fill(`AC${hex(32)}`);
    await form.getByRole("button", { name: "Add account" }).click();
    const card = page.getByRole("article", { name });
    await expect(card).toBeVisible();
    await expect(card).toContainText("Inactive");
    await expect(card).toContainText("5 requests a second");
    await expect(card.getByLabel("Webhook URL")).toHaveValue(/^http:\/\/localhost:\d+\/api\/webhooks\/twilio\//);

    // Editing shows every secret as stored but empty: a blank keeps it.
    await card.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = page.getByRole("form", { name: `Edit ${name}` });
    await expect(edit.getByLabel("Auth token", { exact: true })).toHaveValue("");
    await expect(edit.getByLabel("Auth token", { exact: true })).toHaveAccessibleDescription(/A value is stored and never shown/);
    await expect(edit.getByLabel("Account SID", { exact: true })).toHaveValue(/^AC[0-9a-f]{32}$/);
    await edit.getByLabel("Name", { exact: true }).fill(`${name} 2`);
    await edit.getByRole("button", { name: "Save changes" }).click();
    const renamed = page.getByRole("article", { name: `${name} 2` });
    await expect(renamed).toBeVisible();

    // Keyboard: the move buttons; the new account goes to the top of the SMS chain.
    await expect(chainOrder(page, "SMS")).toHaveText([seeded, `${name} 2`]);
    await renamed.getByRole("button", { name: `Move ${name} 2 up` }).focus();
    await page.keyboard.press("Enter");
    await expect(chainOrder(page, "SMS")).toHaveText([`${name} 2`, seeded]);
    // And back: the simulated account moves up again, and the order holds after a reload. The new order shows at
    // once; the move buttons wait for the server to confirm it.
    const seededUp = page.getByRole("article", { name: seeded }).getByRole("button", { name: `Move ${seeded} up` });
    await expect(seededUp).toBeEnabled();
    await seededUp.focus();
    await page.keyboard.press("Enter");
    await expect(chainOrder(page, "SMS")).toHaveText([seeded, `${name} 2`]);
    await page.reload();
    await expect(chainOrder(page, "SMS")).toHaveText([seeded, `${name} 2`]);

    // The mouse: the new account dragged above the simulated one, kept after a reload, then dragged back below it.
    await dragCard(page, page.getByRole("article", { name: `${name} 2` }), page.getByRole("article", { name: seeded }));
    await expect(chainOrder(page, "SMS")).toHaveText([`${name} 2`, seeded]);
    await expect(page.getByText(`${name} 2 is now 1 of 2.`)).toBeAttached();
    await page.reload();
    await expect(chainOrder(page, "SMS")).toHaveText([`${name} 2`, seeded]);
    await expect(page.getByRole("list", { name: "SMS accounts in the order they are tried" }).getByTitle("Drag to change the order")).toHaveCount(2);
    await dragCard(page, page.getByRole("article", { name: `${name} 2` }), page.getByRole("article", { name: seeded }));
    await expect(chainOrder(page, "SMS")).toHaveText([seeded, `${name} 2`]);
    await page.reload();
    await expect(chainOrder(page, "SMS")).toHaveText([seeded, `${name} 2`]);

    // A test message through the simulated account, answered by the provider at once.
    const sim = page.getByRole("article", { name: seeded });
    await sim.getByRole("button", { name: `Send a test message through ${seeded}` }).click();
    await sim.getByLabel("Phone number to send to").fill("+966501234567");
    await sim.getByRole("button", { name: "Send test message" }).click();
    await expect(sim.getByRole("status").filter({ hasText: "The provider accepted the test message." })).toBeVisible();
    await expect(sim).toContainText(/Last 24 hours/);
    await snap(page, "en-provider-accounts-after");

    // The audit log has each change, by whom: the account added, the chain reordered, the test sent.
    await openLabSection(page, "Audit log");
    const entries = page.getByRole("region", { name: "Changes, newest first" });
    for (const [action, detail] of [["businessAccount.create", name], ["businessAccount.reorder", null], ["businessAccount.testSend", null]] as const) {
      await page.getByLabel("Action").fill(action);
      await page.getByRole("button", { name: "Apply filters" }).click();
      const newest = entries.getByRole("row").nth(1);
      await expect(newest).toContainText(action);
      await expect(newest).toContainText("Demo Admin");
      if (detail) await expect(newest).toContainText(detail);
    }

    // Every API answer the page read: the masks, never a secret.
    const bodies = await Promise.all(responses);
    expect(bodies.some((body) => body.includes('"authToken":{"set":true}'))).toBe(true);
    for (const secret of Object.values(secrets)) expect(bodies.filter((body) => body.includes(secret))).toEqual([]);
  });

  test("adds an address to the suppression list, finds it and removes it", async ({ page }) => {
    await openDashboard(page);
    await switchLab(page, TABUK);
    await openLabSection(page, "Suppression list");
    const [kept, removed] = [newPhone(), newPhone()];
    for (const phone of [kept, removed]) {
      await page.getByLabel("Channel", { exact: true }).first().selectOption("SMS");
      await page.getByLabel("Phone number").fill(phone.typed);
      await page.getByLabel("Note (optional)").fill("Asked at the front desk");
      await page.getByRole("button", { name: "Add to the list" }).click();
      await expect(page.getByRole("status").filter({ hasText: `${phone.stored} is on the suppression list.` })).toBeVisible();
    }
    // A bad address is named next to its field.
    await page.getByLabel("Phone number").fill("12");
    await page.getByRole("button", { name: "Add to the list" }).click();
    await expect(page.getByLabel("Phone number")).toHaveAccessibleDescription(/expected a valid phone number/);

    const search = page.getByRole("search", { name: "Search the suppression list" });
    await search.getByLabel("Address starts with").fill(removed.stored);
    await search.getByRole("button", { name: "Search" }).click();
    const rows = page.getByRole("region", { name: "Suppressed addresses" }).getByRole("row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText(removed.stored);
    await expect(rows.nth(1)).toContainText("Added by the lab");
    await snap(page, "en-suppressions");

    await page.getByRole("button", { name: `Remove ${removed.stored}` }).click();
    const dialog = page.getByRole("dialog", { name: `Remove ${removed.stored} from the list?` });
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("No address matches.")).toBeVisible();
    await search.getByLabel("Address starts with").fill("");
    await search.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("rowheader").filter({ hasText: kept.stored })).toBeVisible();
  });

  test("in Arabic, right to left: the accounts page, a suppression added and removed, the server's errors and a missing page in Arabic", async ({ page }) => {
    test.setTimeout(180_000);
    await openDashboard(page);
    const labId = await switchLab(page, TABUK);
    await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await openLabSection(page, "حسابات المزوّدين");
    await expect(page.getByRole("article", { name: "Twilio SMS (simulated)" })).toContainText("نشط");
    await expect(page.getByRole("region", { name: "الرسائل النصية" })).toBeVisible();
    // The side navigation is at the start of the line, on the right.
    const nav = await page.getByRole("navigation", { name: "أقسام المختبر" }).boundingBox();
    const main = await page.locator("main").boundingBox();
    expect(nav && main && nav.x > main.x).toBe(true);
    await page.getByRole("button", { name: "إضافة حساب الرسائل النصية" }).click();
    await expect(page.getByRole("form", { name: "حساب الرسائل النصية جديد" })).toBeVisible();
    await snap(page, "ar-provider-accounts");
    await page.getByRole("form", { name: "حساب الرسائل النصية جديد" }).getByRole("button", { name: "إلغاء" }).click();

    await openLabSection(page, "قائمة الحظر");
    // The server refuses the address; its rule is said in Arabic, not in the API's English.
    await page.getByLabel("رقم الهاتف").fill("12");
    await page.getByRole("button", { name: "إضافة إلى القائمة" }).click();
    await expect(page.getByLabel("رقم الهاتف")).toHaveAccessibleDescription(/أدخل رقم هاتف صحيحًا في SA/);
    await snap(page, "ar-suppression-field-error");
    const phone = newPhone();
    await page.getByLabel("رقم الهاتف").fill(phone.typed);
    await page.getByRole("button", { name: "إضافة إلى القائمة" }).click();
    await expect(page.getByRole("status").filter({ hasText: "أُضيف" })).toContainText(phone.stored);
    await expect(page.getByRole("rowheader").filter({ hasText: phone.stored })).toBeVisible();
    await snap(page, "ar-suppressions");
    await page.getByRole("button", { name: `إزالة ${phone.stored}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "إزالة" }).click();
    await expect(page.getByRole("rowheader").filter({ hasText: phone.stored })).toHaveCount(0);

    // A section that does not exist: the lab's own not-found page, inside its navigation, in Arabic and then in English.
    await page.goto(`/labs/${labId}/no-such-section`);
    await expect(page.getByRole("heading", { level: 1, name: "غير موجود" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "أقسام المختبر" })).toBeVisible();
    await snap(page, "ar-lab-not-found");
    await page.getByRole("banner").getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await page.getByRole("link", { name: `Back to the overview of ${TABUK}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    // A template channel Herald does not have is the same page.
    await page.goto(`/labs/${labId}/templates/REPORT_READY/FAX/en`);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await snap(page, "en-lab-not-found");
  });
});

test.describe("lab staff", () => {
  test.use({ storageState: STAFF.storageState });

  test("see the accounts and the suppression list with every control disabled", async ({ page }) => {
    await openDashboard(page);
    await switchLab(page, TABUK);
    await openLabSection(page, "Provider accounts");
    const sim = page.getByRole("article", { name: "Twilio SMS (simulated)" });
    await expect(sim).toBeVisible();
    await expect(page.getByRole("button", { name: /^Add an account for/ })).toHaveCount(0);
    for (const control of ["Edit", "Deactivate", "Send a test message through"]) {
      await expect(sim.getByRole("button", { name: new RegExp(`^${control} Twilio SMS`) })).toBeDisabled();
    }
    await expect(sim.getByRole("button", { name: /^Move Twilio SMS \(simulated\) (up|down)$/ }).first()).toBeDisabled();
    // The position numbers are not drag handles for staff.
    await expect(page.getByRole("list", { name: "SMS accounts in the order they are tried" })).toBeVisible();
    await expect(page.getByTitle("Drag to change the order")).toHaveCount(0);
    await snap(page, "staff-provider-accounts");

    await openLabSection(page, "Suppression list");
    await expect(page.getByRole("button", { name: "Add to the list" })).toHaveCount(0);
    const remove = page.getByRole("button", { name: /^Remove \+966/ });
    await expect(remove.first()).toBeDisabled();
    await snap(page, "staff-suppressions");
  });
});
