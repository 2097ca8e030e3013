import { expect, test } from "@playwright/test";
import { ADMIN, RIYADH, uniq } from "./support/demo";
import { labWithApiClient } from "./support/api-client";

test.use({ storageState: ADMIN.storageState });

test("a notification sent with an API key goes out through Twilio (simulated) and its timeline shows Twilio's signed callbacks", async ({ page, baseURL }) => {
  const { labId, client } = await labWithApiClient(page, baseURL!, RIYADH, "Sender e2e");

  // OTP is critical, so the lab's quiet hours never defer it whatever the time of the run.
  const sent = await client.notifications.send.mutate({
    labId,
    trigger: "OTP",
    recipient: { externalId: `e2e-${uniq()}`, name: "Sara", phone: "+966501234565" },
    channels: ["SMS"],
    variables: { otpCode: "482913", expiresInMinutes: 5, labName: RIYADH },
  });
  expect(sent.channels).toEqual([expect.objectContaining({ channel: "SMS", status: "queued", reason: null })]);

  const messageId = sent.channels[0]!.messageId;
  // The error fields are polled too, so a failed send says why.
  const outcome = async () => {
    const { status, errorCode, errorMessage } = await client.messages.get.query({ labId, messageId });
    return { status, errorCode, errorMessage };
  };
  await expect.poll(outcome, { timeout: 20_000 }).toEqual({ status: "DELIVERED", errorCode: null, errorMessage: null });
  const message = await client.messages.get.query({ labId, messageId });
  // The caller's code never rests in plain columns: the stored body shows it masked.
  expect(message.body).not.toContain("482913");
  expect(message.body).toContain("••••••");
  expect(message).toMatchObject({ provider: "twilio", providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
  const steps = message.timeline.map((event) => [event.status, event.source]);
  expect(steps.slice(0, 3)).toEqual([
    ["QUEUED", "api"],
    ["SENDING", "worker"],
    ["SENT", "worker"],
  ]);
  // Twilio's own "sent" and "delivered" callbacks, each verified against its signature.
  expect(steps.slice(3)).toEqual(expect.arrayContaining([["SENT", "webhook"], ["DELIVERED", "webhook"]]));
});
