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

test("a skipped message says why it was not sent, beside the stored reason, on the list, its page and the overview, in English and Arabic", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const { labId, client } = await labWithApiClient(page, baseURL!, RIYADH, "Skip explanations");
  // The one-time code's template needs otpCode: without it the message is skipped, naming the variable.
  const sent = await client.notifications.send.mutate({
    labId,
    trigger: "OTP",
    recipient: { externalId: `skip-${uniq()}`, name: "Sara", phone: "+966501234567" },
    channels: ["SMS"],
    variables: { labName: RIYADH },
  });
  const messageId = sent.channels[0]!.messageId!;
  const stored = await client.messages.get.query({ labId, messageId });
  expect(stored.status).toBe("SKIPPED");
  expect(stored.skipReason).toBe("missing_variable:otpCode");
  const lab = `/labs/${encodeURIComponent(labId)}`;

  await page.goto(`${lab}/messages?status=SKIPPED`);
  let row = page.locator(`tr[data-message-id="${messageId}"]`).getByTestId("skip-reason");
  await expect(row).toContainText("Template variable missing");
  await expect(row.getByTestId("skip-code")).toHaveText("missing_variable:otpCode");
  await expect(row).toHaveAttribute("title", /The template uses a variable the request did not give/);
  await snap(page, "en-messages-skip-explained");

  await page.goto(`${lab}/messages/${encodeURIComponent(messageId)}`);
  let facts = page.getByTestId("message-facts").getByTestId("skip-reason");
  await expect(facts).toContainText("Template variable missing");
  await expect(facts.getByTestId("skip-explanation")).toHaveText("Why: The template uses a variable the request did not give (named in the code). Send it with the request, or change the template.");
  await expect(page.getByTestId("message-content-none")).toHaveText("No content was recorded for this message.");
  // The timeline's "skipped" event says it in words too.
  const skippedEvent = page.getByTestId("timeline").getByTestId("event-skip");
  await expect(skippedEvent).toContainText("Template variable missing");
  await expect(skippedEvent.getByTestId("skip-code")).toHaveText("missing_variable:otpCode");
  await snap(page, "en-message-skip-explained");

  await page.goto(`${lab}/overview`);
  let skips = page.getByTestId("skip-reasons");
  await expect(skips.getByTestId("skip-code")).toContainText(["missing_variable:otpCode"], { timeout: 60_000 });
  await expect(skips).toContainText("Template variable missing");
  await expect(skips).not.toContainText("Template variable missing: otpCode");
  await snap(page, "en-overview-skip-explained");

  await page.context().addCookies([{ name: "herald-locale", value: "ar", url: baseURL! }]);
  await page.goto(`${lab}/messages?status=SKIPPED`);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  row = page.locator(`tr[data-message-id="${messageId}"]`).getByTestId("skip-reason");
  await expect(row).toContainText("متغير قالب مفقود");
  await expect(row.getByTestId("skip-code")).toHaveText("missing_variable:otpCode");
  await snap(page, "ar-messages-skip-explained");

  await page.goto(`${lab}/messages/${encodeURIComponent(messageId)}`);
  facts = page.getByTestId("message-facts").getByTestId("skip-reason");
  await expect(facts.getByTestId("skip-explanation")).toHaveText("السبب: يستخدم القالب متغيرًا لم يُرسل مع الطلب (اسمه في الرمز). أرسله مع الطلب أو عدّل القالب.");
  await expect(page.getByTestId("timeline").getByTestId("event-skip")).toContainText("متغير قالب مفقود");
  await snap(page, "ar-message-skip-explained");

  await page.goto(`${lab}/overview`);
  skips = page.getByTestId("skip-reasons");
  await expect(skips).toContainText("متغير قالب مفقود", { timeout: 60_000 });
  await snap(page, "ar-overview-skip-explained");
  await page.context().clearCookies({ name: "herald-locale" });
});
