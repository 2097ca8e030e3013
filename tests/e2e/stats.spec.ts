import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, TABUK, uniq } from "./support/demo";
import { labWithApiClient } from "./support/api-client";
import { snap } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

const DAY_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

/** The range the overview page asks for with "Last 7 days": up to the end of the current hour. */
function lastWeek() {
  const to = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS);
  return { from: new Date(to.getTime() - 7 * DAY_MS), to };
}

async function openLabPage(page: Page, name: "Overview" | "Messages" | "Breakdown", heading = name) {
  await page.getByRole("navigation", { name: "Lab sections" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

test("a known mix sent through the API shows on the overview and messages pages; a failed one-time code is not sent again; the CSV export has its rows", async ({ page, baseURL }) => {
  // Two languages, an automatic refresh and a retry: five minutes on a shared machine.
  test.setTimeout(300_000);
  const { labId, client } = await labWithApiClient(page, baseURL!, TABUK, "Stats e2e");
  const before = await client.stats.overview.query({ labId, ...lastWeek() });

  // OTP is critical, so quiet hours never hold it: three delivered, one invalid number, one skipped.
  const otp = (phone: string, variables: Record<string, string | number>) => ({
    trigger: "OTP",
    recipient: { externalId: `stats-${uniq()}`, name: "Sara", phone },
    channels: ["SMS" as const],
    variables,
  });
  const good = { otpCode: "482913", expiresInMinutes: 5, labName: TABUK };
  const sent = await client.notifications.sendMany.mutate({
    labId,
    items: [otp("+966501234561", good), otp("+966501234562", good), otp("+966501234563", good), otp("+966501230000", good), otp("+966501234564", { labName: TABUK })],
  });
  const ids = sent.items.map((item) => item.channels[0]!.messageId!);
  const statuses = async () => Promise.all(ids.map(async (messageId) => (await client.messages.get.query({ labId, messageId })).status));
  await expect.poll(statuses, { timeout: 60_000 }).toEqual(["DELIVERED", "DELIVERED", "DELIVERED", "FAILED", "SKIPPED"]);
  const failedId = ids[3]!;

  // The figures move by exactly the mix: nothing else sends from this lab meanwhile (its project in playwright.config.ts).
  const expected = { sent: before.totals.sent + 4, delivered: before.totals.delivered + 3, failed: before.totals.failed + 1, skipped: before.totals.skipped + 1 };
  await expect
    .poll(async () => {
      const { sent: s, delivered, failed, skipped } = (await client.stats.overview.query({ labId, ...lastWeek() })).totals;
      return { sent: s, delivered, failed, skipped };
    }, { timeout: 90_000 })
    .toEqual(expected);

  await openLabPage(page, "Overview");
  await expect(page.getByTestId("card-sent")).toContainText(expected.sent.toLocaleString("en"), { timeout: 30_000 });
  await expect(page.getByTestId("card-delivered")).toContainText(expected.delivered.toLocaleString("en"));
  await expect(page.getByTestId("card-failed")).toContainText(expected.failed.toLocaleString("en"));
  await expect(page.getByTestId("failure-reasons")).toContainText("The patient's phone number is not valid.");
  await expect(page.getByTestId("skip-reasons")).toContainText("Template variable missing");
  await expect(page.getByTestId("skip-reasons").getByTestId("skip-code")).toHaveText(["missing_variable:otpCode"]);
  // GOV.UK Notify's rule: a banner when more than 3% of what the last 7 days sent failed.
  const week = (await client.stats.overview.query({ labId, ...lastWeek() })).totals;
  await expect(page.getByText("Many messages are failing")).toBeVisible({ visible: week.failureRate !== null && week.failureRate > 0.03 });
  await expect(page).toHaveURL(/\/overview$/);

  // The page asks again on its own: one more delivered message moves the card without a reload.
  await client.notifications.sendMany.mutate({ labId, items: [otp("+966501234565", good)] });
  await expect(page.getByTestId("card-delivered")).toContainText((expected.delivered + 1).toLocaleString("en"), { timeout: 90_000 });
  expected.sent += 1;
  expected.delivered += 1;
  await page.getByLabel("Channel").selectOption("SMS");
  await expect(page).toHaveURL(/channel=SMS/);
  await snap(page, "overview");

  await openLabPage(page, "Messages");
  await page.getByLabel("Status").selectOption("FAILED");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  const row = page.locator(`tr[data-message-id="${failedId}"]`);
  await expect(row).toContainText("+966501230000");
  await expect(row).toContainText("Failed");
  await snap(page, "messages");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(csv[0]).toMatch(/^id,createdAt,trigger,channel,status,to,/);
  const exported = csv.find((line) => line.startsWith(`${failedId},`));
  expect(exported).toContain(",OTP,SMS,FAILED,+966501230000,");
  expect(csv.slice(1).every((line) => line.includes(",FAILED,"))).toBe(true);

  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Message" })).toBeVisible();
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator('[data-event="queued"]')).toHaveText("Accepted");
  await expect(timeline.locator('[data-event="dispatched"]').first()).toHaveText("Handed to the provider");
  await expect(page.getByTestId("message-facts")).toContainText("invalid_number");
  await expect(page.getByRole("region", { name: "Why it failed" })).toContainText("The patient's phone number is not valid.");
  await snap(page, "message-timeline");
  // A one-time code is never sent again from its message (its content was erased once it failed):
  // no Retry button, and the page says why.
  await expect(page.getByTestId("otp-no-retry")).toHaveText("A one-time code is not sent again from its message: the patient asks for a new code, which starts a new verification.");
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await expect(timeline.locator('[data-event="retry_requested"]')).toHaveCount(0);
  await snap(page, "message-retry-refused");

  await openLabPage(page, "Breakdown");
  await expect(page.getByTestId("by-trigger")).toContainText("OTP");
  await snap(page, "breakdown");

  // A day with traffic between days without (a new lab's only day, say) has no line to draw: its
  // delivery rate shows as a point.
  await openLabPage(page, "Overview");
  const series = (await client.stats.overview.query({ labId, ...lastWeek() })).series;
  const lone = series.filter((b, i) => b.sent > 0 && !(series[i - 1]?.sent ?? 0) && !(series[i + 1]?.sent ?? 0)).length;
  expect(lone).toBeGreaterThan(0);
  await expect(page.getByTestId("rate-point")).toHaveCount(lone);

  await openLabPage(page, "Overview");
  await page.getByRole("link", { name: "See the whole organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Organization overview" })).toBeVisible();
  await expect(page.getByTestId("by-lab")).toContainText(TABUK);
  await snap(page, "organization");

  // The same pages in Arabic, right to left.
  await page.context().addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
  await page.goto(`/labs/${encodeURIComponent(labId)}/overview`);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1, name: "نظرة عامة" })).toBeVisible();
  await expect(page.getByTestId("card-sent")).toBeVisible();
  await snap(page, "overview-ar");
  await page.goto(`/labs/${encodeURIComponent(labId)}/messages/${encodeURIComponent(ids[0]!)}`);
  await expect(page.getByTestId("timeline")).toBeVisible();
  await snap(page, "message-ar");
  await page.goto(`/labs/${encodeURIComponent(labId)}/messages/${encodeURIComponent(failedId)}`);
  await expect(page.getByTestId("otp-no-retry")).toHaveText("لا يُعاد إرسال رمز التحقق لمرة واحدة من رسالته: يطلب المريض رمزًا جديدًا، فيبدأ تحقق جديد.");
  await expect(page.getByRole("button", { name: "إعادة المحاولة" })).toHaveCount(0);
  await snap(page, "message-retry-refused-ar");
  await page.goto(`/labs/${encodeURIComponent(labId)}/messages`);
  await expect(page.getByTestId("messages-table")).toBeVisible();
  await snap(page, "messages-ar");
  await page.goto(`/labs/${encodeURIComponent(labId)}/breakdown`);
  await expect(page.getByTestId("by-trigger")).toContainText("OTP");
  await snap(page, "breakdown-ar");
  await page.goto(`/labs/${encodeURIComponent(labId)}/overview`);
  // Latency reads "up to" in words: a "≤" would show mirrored in right-to-left text.
  const latency = page.locator('section[aria-labelledby="latency-title"]');
  await expect(latency).toContainText("حتى");
  await expect(latency).not.toContainText("≤");
  await page.getByRole("link", { name: "عرض المؤسسة كاملة" }).click();
  await expect(page.getByTestId("by-lab")).toContainText(TABUK);
  await snap(page, "organization-ar");
  await page.context().clearCookies({ name: "herald-locale" });
});
