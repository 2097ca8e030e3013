import { expect, test } from "@playwright/test";
import { ADMIN, RIYADH, uniq } from "./support/demo";
import { labWithApiClient } from "./support/api-client";
import { snap } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

test("an admin cancels a scheduled message from its page: the status and the timeline say so, in English and Arabic", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const { labId, client } = await labWithApiClient(page, baseURL!, RIYADH, "Cancel e2e");

  // Two reports to go out tomorrow: one cancelled in English, one in Arabic.
  const schedule = async () => {
    const u = uniq();
    const sent = await client.notifications.send.mutate({
      labId,
      trigger: "REPORT_READY",
      recipient: { externalId: `cancel-${u}`, name: "Sara", phone: "+966501234581" },
      channels: ["SMS"],
      variables: { patientName: "Sara", labName: RIYADH, reportUrl: "https://reports.example.test/r/1" },
      sendAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
    });
    const messageId = sent.channels[0]!.messageId!;
    expect((await client.messages.get.query({ labId, messageId })).status).toBe("SCHEDULED");
    return messageId;
  };
  const lab = `/labs/${encodeURIComponent(labId)}`;

  const first = await schedule();
  await page.goto(`${lab}/messages/${encodeURIComponent(first)}`);
  // The first fact is the status.
  const facts = page.getByTestId("message-facts").locator("div").first();
  const timeline = page.getByTestId("timeline");
  await expect(facts).toContainText("Scheduled");
  await expect(timeline.locator('[data-event="cancelled"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await snap(page, "en-message-scheduled");
  await page.getByRole("button", { name: "Cancel sending" }).click();
  await expect(page.getByText("The message will not be sent.")).toBeVisible();
  await expect(facts).toContainText("Cancelled");
  await expect(timeline.locator('[data-event="cancelled"]')).toHaveText("Cancelled");
  await expect(timeline.locator("li").filter({ has: page.locator('[data-event="cancelled"]') })).toContainText("Staff");
  // Nothing left to cancel: the button is gone, and the server agrees.
  await expect(page.getByRole("button", { name: "Cancel sending" })).toHaveCount(0);
  expect((await client.messages.get.query({ labId, messageId: first })).status).toBe("CANCELLED");
  await snap(page, "en-message-cancelled");

  const second = await schedule();
  await page.context().addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
  await page.goto(`${lab}/messages/${encodeURIComponent(second)}`);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(facts).toContainText("مجدولة");
  await page.getByRole("button", { name: "إلغاء الإرسال" }).click();
  await expect(timeline.locator('[data-event="cancelled"]')).toHaveText("أُلغيت");
  await expect(facts).toContainText("ملغاة");
  expect((await client.messages.get.query({ labId, messageId: second })).status).toBe("CANCELLED");
  await snap(page, "ar-message-cancelled");
  await page.context().clearCookies({ name: "herald-locale" });
});
