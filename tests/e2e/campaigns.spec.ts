import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, JEDDAH, uniq } from "./support/demo";
import { openDashboard, snap, switchLab } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

const HEADER = "Patient ID,Name,Mobile,Email,Lab,Report link";

/** A Saudi mobile (050...) unique to this run, that the simulator delivers. */
const mobile = (i: number) => `050${String(Math.floor(Math.random() * 9000) + 1000)}${i}${i}7`;

function row(i: number, overrides: Partial<Record<"name" | "mobile", string>> = {}): string {
  return [`e2e-${uniq()}`, overrides.name ?? `Patient ${i}`, overrides.mobile ?? mobile(i), "", "Jeddah Lab", `https://r.example/${i}`].join(",");
}

async function upload(page: Page, name: string, lines: string[]) {
  await page.getByLabel("Campaign name").fill(name);
  await page.getByLabel("Spreadsheet").setInputFiles({ name: "patients.csv", mimeType: "text/csv", buffer: Buffer.from([HEADER, ...lines].join("\n")) });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
}

async function mapAndCheck(page: Page) {
  await page.getByLabel("Trigger").selectOption({ label: "Report ready" });
  await page.getByRole("checkbox", { name: "SMS" }).check();
  await page.getByLabel("{{ patientName }}").selectOption("Name");
  await page.getByLabel("{{ labName }}").selectOption("Lab");
  await page.getByLabel("{{ reportUrl }}").selectOption("Report link");
  await page.getByRole("button", { name: "Check every row" }).click();
  await expect(page.getByRole("region", { name: "2. What would happen" })).toBeVisible();
}

test("a lab admin uploads a list with errors, fixes it, previews, sends, watches it to the end and downloads the report", async ({ page }) => {
  test.setTimeout(180_000);
  await openDashboard(page);
  const labId = await switchLab(page, JEDDAH);
  await page.getByRole("navigation", { name: "Lab sections" }).getByRole("link", { name: "Campaigns" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Campaigns" })).toBeVisible();

  // A file with two bad rows: each named by its line and column, and nothing sent.
  const name = `Closure ${uniq()}`;
  await upload(page, `${name} (draft)`, [row(1), row(2, { mobile: "12345" }), row(3), row(4, { name: "" })]);
  await mapAndCheck(page);
  const validation = page.getByRole("region", { name: "2. What would happen" });
  await expect(validation.getByText("Rows to send").locator("..")).toContainText("2");
  await expect(validation.getByText("Rows with errors", { exact: true }).first().locator("..")).toContainText("2");
  const errors = validation.getByRole("table");
  await expect(errors.getByRole("row").nth(1)).toContainText("3");
  await expect(errors.getByRole("row").nth(1)).toContainText("Mobile");
  await expect(errors.getByRole("row").nth(2)).toContainText("5");
  await expect(errors.getByRole("row").nth(2)).toContainText("Name");
  const errorsCsv = page.waitForEvent("download");
  await validation.getByRole("link", { name: "Download all errors (CSV)" }).click();
  expect((await readFile(await (await errorsCsv).path())).toString()).toMatch(/^line,column,value,problem\r\n3,Mobile,12345,/);
  await snap(page, "en-campaign-errors");

  // The fixed file: every row goes.
  await page.getByRole("link", { name: "All campaigns" }).click();
  await upload(page, name, [row(1), row(2), row(3)]);
  await mapAndCheck(page);
  const fixed = page.getByRole("region", { name: "2. What would happen" });
  await expect(fixed.getByText("Rows to send").locator("..")).toContainText("3");
  await expect(fixed.getByText("Rows with errors", { exact: true }).locator("..")).toContainText("0");
  await expect(fixed.getByRole("table")).toHaveCount(0);
  const preview = page.getByRole("region", { name: "3. Preview" });
  await expect(preview.getByTestId("preview-message").first()).toContainText("Patient 1");
  await expect(preview.getByTestId("preview-message").first()).toContainText("https://r.example/1");
  await snap(page, "en-campaign-preview");

  // The lab's campaign pace: set, shown, then given back to the platform's rate.
  const pace = page.getByRole("region", { name: "Campaign pace" });
  await pace.getByLabel("Messages a second").fill("0");
  await pace.getByRole("button", { name: "Save pace" }).click();
  await expect(pace.getByText("expected at least 0.1 messages a second")).toBeVisible();
  await pace.getByLabel("Messages a second").fill("50");
  await pace.getByRole("button", { name: "Save pace" }).click();
  await expect(pace.getByTestId("campaign-pace-current")).toContainText("50 messages a second, set for this lab");
  await snap(page, "en-campaign-pace");
  await pace.getByRole("button", { name: "Use the platform's rate" }).click();
  await expect(pace.getByTestId("campaign-pace-current")).toContainText("(the platform's rate)");

  await page.getByRole("region", { name: "4. Send" }).getByRole("button", { name: "Send the campaign" }).click();
  await expect(page.getByRole("dialog", { name: "Send to 3 patients?" })).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Send the campaign" }).click();

  const progress = page.getByRole("region", { name: "Progress" });
  await expect(progress).toBeVisible();
  await expect(page.getByText("Completed", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(progress.getByTestId("count-delivered")).toContainText("3", { timeout: 60_000 });
  await expect(progress.getByTestId("count-accepted")).toContainText("3");
  await expect(progress.getByTestId("count-failed")).toContainText("0");
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await snap(page, "en-campaign-progress");

  const report = page.waitForEvent("download");
  await progress.getByRole("link", { name: "Download the report (CSV)" }).click();
  const lines = (await readFile(await (await report).path())).toString().trimEnd().split("\r\n");
  expect(lines[0]).toBe("line,channel,to,status,reason,explanation,messageId,sentAt,deliveredAt");
  expect(lines.slice(1).map((l) => l.split(",").slice(0, 2).concat(l.split(",")[3]!).join(","))).toEqual(["2,SMS,DELIVERED", "3,SMS,DELIVERED", "4,SMS,DELIVERED"]);

  // The same pages in Arabic, right to left.
  await page.getByRole("banner").getByRole("button", { name: "العربية" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("region", { name: "التقدّم" })).toBeVisible();
  await snap(page, "ar-campaign-progress");
  await page.goto(`/labs/${encodeURIComponent(labId)}/campaigns`);
  await expect(page.getByRole("heading", { level: 1, name: "الحملات" })).toBeVisible();
  await expect(page.getByRole("link", { name: `${name} (draft)` })).toBeVisible();
  await snap(page, "ar-campaigns");
  await page.getByRole("link", { name: `${name} (draft)` }).click();
  await expect(page.getByRole("region", { name: "2. ما الذي سيحدث" })).toBeVisible();
  await expect(page.getByRole("region", { name: "3. معاينة" }).getByTestId("preview-message").first()).toBeVisible();
  await snap(page, "ar-campaign-errors");
  await page.getByRole("banner").getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
});
