import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import { startLocalExecutor } from "@/server/jobs/local/start-local-executor";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { captureLogger, executorPool, waitUntil } from "./jobs-helpers";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

const pool = executorPool();
const statusOf = async (messageId: string) => (await db().message.findUniqueOrThrow({ where: { id: messageId }, select: { status: true } })).status;

beforeAll(async () => {
  await ensureSandboxAccounts(db());
  pool.track(startLocalExecutor({ db: db(), pollIntervalMs: 20, concurrency: 4, logger: captureLogger().logger }));
});
afterAll(() => pool.stopAll());

describe("send: delivered end to end through the sandbox providers", () => {
  const cases: [Channel, "en" | "ar", Record<string, string>][] = [
    ["SMS", "en", { body: "Hello Sara, report R-1001 is ready." }],
    ["SMS", "ar", { body: "مرحبا Sara، التقرير R-1001 جاهز." }],
    ["WHATSAPP", "en", { body: "Hello Sara, report R-1001 is ready." }],
    ["WHATSAPP", "ar", { body: "مرحبا Sara، التقرير R-1001 جاهز." }],
    ["EMAIL", "en", { subject: "Report R-1001", text: "Dear Sara, report R-1001 is ready." }],
    ["EMAIL", "ar", { subject: "التقرير R-1001", text: "عزيزي Sara، التقرير R-1001 جاهز." }],
  ];
  for (const [channel, language, content] of cases) {
    it(`${channel} in ${language}`, async () => {
      const { labId, api } = await makeSendingLab();
      const trigger = await makeTrigger({ enableFor: [labId] });
      const result = await api.notifications.send({ labId, trigger, recipient: newRecipient({ language }), variables: VARIABLES, channels: [channel] });
      expect(result).toMatchObject({ replayed: false, channels: [{ channel, status: "queued", reason: null }] });
      const { messageId } = result.channels[0]!;
      await waitUntil(`the ${channel} message is delivered`, async () => (await statusOf(messageId)) === "DELIVERED");

      const message = await api.messages.get({ labId, messageId });
      expect(message).toMatchObject({ status: "DELIVERED", language, provider: "sandbox", ...content });
      expect(message.providerMessageId).toEqual(expect.any(String));
      expect(message.timeline[0]).toMatchObject({ type: "queued", source: "api" });
      expect(message.timeline.map((e) => e.status).filter(Boolean).at(-1)).toBe("DELIVERED");
      if (channel === "EMAIL" && language === "ar") expect(message.html).toContain('dir="rtl"');
    });
  }

  it("answers with the contact and one entry per channel", async () => {
    const { labId, admin } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId] });
    const recipient = newRecipient();
    const result = await admin.notifications.send({ labId, trigger, recipient, variables: VARIABLES });
    const contact = await db().contact.findFirstOrThrow({ where: { labId, externalId: recipient.externalId } });
    expect(result).toEqual({
      requestId: expect.any(String),
      contactId: contact.id,
      externalId: recipient.externalId,
      replayed: false,
      channels: (["SMS", "WHATSAPP", "EMAIL"] as const).map((channel) => ({ channel, messageId: expect.any(String), status: "queued", reason: null, sendAt: null })),
    });
    expect(contact).toMatchObject({ phone: recipient.phone, email: recipient.email, name: recipient.name });
  });

  it("refuses lab staff: sending is for API keys and lab admins", async () => {
    const { labId, staff } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId] });
    await expectTRPCError(staff.notifications.send({ labId, trigger, recipient: newRecipient(), variables: VARIABLES }), "FORBIDDEN");
    await expectTRPCError(staff.notifications.sendMany({ labId, items: [{ trigger, recipient: newRecipient(), variables: VARIABLES }] }), "FORBIDDEN");
    expect(await db().message.count({ where: { labId } })).toBe(0);
  });
});

describe("retry and cancel through the API", () => {
  it("retries a failed message", async () => {
    const { labId, api, admin } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    // Numbers ending in 0000 fail permanently in the sandbox.
    const result = await api.notifications.send({ labId, trigger, recipient: newRecipient({ phone: "+966501230000" }), variables: VARIABLES });
    const { messageId } = result.channels[0]!;
    await waitUntil("the message fails", async () => (await statusOf(messageId)) === "FAILED");

    const other = await makeSendingLab();
    await expectTRPCError(other.api.messages.retry({ labId: other.labId, messageId }), "NOT_FOUND", /messageId/);
    const retried = await admin.messages.retry({ labId, messageId });
    expect(retried).toMatchObject({ id: messageId, status: "QUEUED" });
    await waitUntil("the retry is dispatched and fails again", async () => {
      const events = await db().messageEvent.findMany({ where: { messageId }, select: { type: true } });
      return events.filter((e) => e.type === "failed").length === 2;
    });
    const timeline = (await api.messages.get({ labId, messageId })).timeline.map((e) => e.type);
    expect(timeline.indexOf("retry_requested")).toBeGreaterThan(timeline.indexOf("failed"));

    const delivered = await api.notifications.send({ labId, trigger, recipient: newRecipient(), variables: VARIABLES });
    const deliveredId = delivered.channels[0]!.messageId;
    await waitUntil("the other message is delivered", async () => (await statusOf(deliveredId)) === "DELIVERED");
    await expectTRPCError(admin.messages.retry({ labId, messageId: deliveredId }), "PRECONDITION_FAILED", /only failed messages/);
  });

  it("cancels only this lab's messages", async () => {
    const a = await makeSendingLab();
    const b = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [a.labId, b.labId], channels: ["SMS"] });
    const sendAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const inB = await b.api.notifications.send({ labId: b.labId, trigger, recipient: newRecipient(), variables: VARIABLES, sendAt });
    const messageId = inB.channels[0]!.messageId;
    const outcome = await a.api.notifications.cancel({ labId: a.labId, messageIds: [messageId] });
    expect(outcome).toEqual({ cancelled: [], notCancelled: [{ messageId, status: null }] });
    expect(await statusOf(messageId)).toBe("SCHEDULED");
    await expectTRPCError(b.staff.notifications.cancel({ labId: b.labId, messageIds: [messageId] }), "FORBIDDEN");
  });
});
