import { expect, test } from "@playwright/test";
import { ADMIN, RIYADH, uniq } from "./support/demo";
import { labWithApiClient } from "./support/api-client";
import { snap } from "./support/pages";

test.use({ storageState: ADMIN.storageState });

test("a failed message's page says why it failed and what to do, beside the raw code, in English and Arabic", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const { labId, client } = await labWithApiClient(page, baseURL!, RIYADH, "Failure explanations");
  // The sandbox refuses numbers ending in 0000 as invalid: a permanent failure with code invalid_number.
  const sent = await client.notifications.send.mutate({
    labId,
    trigger: "REPORT_READY",
    recipient: { externalId: `failure-${uniq()}`, name: "Sara", phone: "+966501230000" },
    channels: ["SMS"],
    variables: { patientName: "Sara", labName: RIYADH, reportUrl: "https://reports.example.test/r/1" },
  });
  const messageId = sent.channels[0]!.messageId!;
  await expect.poll(async () => (await client.messages.get.query({ labId, messageId })).status, { timeout: 60_000 }).toBe("FAILED");
  const stored = await client.messages.get.query({ labId, messageId });
  expect(stored.errorCode).toBe("invalid_number");

  await page.goto(`/labs/${encodeURIComponent(labId)}/messages/${encodeURIComponent(messageId)}`);
  let failure = page.getByRole("region", { name: "Why it failed" }).getByTestId("failure-reason");
  await expect(failure).toContainText("The patient's phone number is not valid.");
  await expect(failure.getByTestId("failure-action")).toContainText("What to do: Correct the patient's number in the lab system and send again.");
  await expect(failure.getByTestId("failure-code")).toHaveText("invalid_number");
  // The timeline's failed event explains itself the same way.
  await expect(page.getByTestId("timeline").getByTestId("event-failure").first()).toContainText("The patient's phone number is not valid.");
  await snap(page, "en-message-failure-explained");

  await page.context().addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  failure = page.getByRole("region", { name: "سبب الإخفاق" }).getByTestId("failure-reason");
  await expect(failure).toContainText("رقم هاتف المريض غير صالح.");
  await expect(failure.getByTestId("failure-action")).toContainText("ما العمل: صحّح رقم المريض في نظام المختبر ثم أعد الإرسال.");
  await expect(failure.getByTestId("failure-code")).toHaveText("invalid_number");
  await snap(page, "ar-message-failure-explained");
  await page.context().clearCookies({ name: "herald-locale" });
});
