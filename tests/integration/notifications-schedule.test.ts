import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

const MINUTE = 60_000;
// Kolkata is UTC+5:30 all year: a zone whose offset is not whole hours catches naive arithmetic.
const KOLKATA_OFFSET_MS = 330 * MINUTE;

/** "HH:MM" of an instant on Kolkata's clocks. */
const kolkataClock = (at: Date) => new Date(at.getTime() + KOLKATA_OFFSET_MS).toISOString().slice(11, 16);

/** A quiet window around now, in Kolkata: it started an hour ago and ends in an hour (at a whole minute). */
function quietWindowAroundNow() {
  const now = Date.now();
  const end = new Date(Math.floor((now + 60 * MINUTE) / MINUTE) * MINUTE);
  return { settings: { timezone: "Asia/Kolkata", quietHoursStart: kolkataClock(new Date(now - 60 * MINUTE)), quietHoursEnd: kolkataClock(end) }, end };
}

describe("scheduling: quiet hours, sendAt and cancel", () => {
  it("defers non-critical messages to the end of the lab's quiet window, in the lab's time zone", async () => {
    const { settings, end } = quietWindowAroundNow();
    const { labId, api } = await makeSendingLab(settings);
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS", "EMAIL"] });
    const result = await api.notifications.send({ labId, trigger, recipient: newRecipient(), variables: VARIABLES });
    expect(result.channels.map((c) => [c.channel, c.status, c.reason, c.sendAt])).toEqual([
      ["SMS", "scheduled", "quiet_hours", end.toISOString()],
      ["EMAIL", "scheduled", "quiet_hours", end.toISOString()],
    ]);
    const messages = await db().message.findMany({ where: { labId }, include: { events: true } });
    for (const message of messages) {
      expect(message).toMatchObject({ status: "SCHEDULED", sendAt: end });
      expect(message.events).toMatchObject([{ type: "scheduled", status: "SCHEDULED", detail: { reason: "quiet_hours", sendAt: end.toISOString() } }]);
    }
  });

  it("sends a critical message (OTP) at once, quiet hours or not", async () => {
    const { settings } = quietWindowAroundNow();
    const { labId, api } = await makeSendingLab(settings);
    const otp = await makeTrigger({ enableFor: [labId], channels: ["SMS"], category: "security", critical: true });
    const result = await api.notifications.send({ labId, trigger: otp, recipient: newRecipient(), variables: VARIABLES });
    expect(result.channels).toMatchObject([{ channel: "SMS", status: "queued", reason: null, sendAt: null }]);
  });

  it("leaves messages outside the quiet window alone", async () => {
    const now = Date.now();
    const { labId, api } = await makeSendingLab({
      timezone: "Asia/Kolkata",
      quietHoursStart: kolkataClock(new Date(now + 60 * MINUTE)),
      quietHoursEnd: kolkataClock(new Date(now + 120 * MINUTE)),
    });
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const result = await api.notifications.send({ labId, trigger, recipient: newRecipient(), variables: VARIABLES });
    expect(result.channels).toMatchObject([{ status: "queued" }]);
  });

  it("schedules an explicit sendAt, and a scheduled message can be cancelled", async () => {
    const { labId, api, admin } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS", "EMAIL"] });
    const sendAt = new Date(Date.now() + 3 * 60 * MINUTE);
    const result = await api.notifications.send({ labId, trigger, recipient: newRecipient(), variables: VARIABLES, sendAt: sendAt.toISOString() });
    expect(result.channels.map((c) => [c.status, c.reason, c.sendAt])).toEqual([
      ["scheduled", "send_at", sendAt.toISOString()],
      ["scheduled", "send_at", sendAt.toISOString()],
    ]);
    const ids = result.channels.map((c) => c.messageId);
    expect(await db().message.findMany({ where: { id: { in: ids } }, select: { status: true, sendAt: true } })).toEqual([
      { status: "SCHEDULED", sendAt },
      { status: "SCHEDULED", sendAt },
    ]);

    await admin.notifications.cancel({ labId, messageIds: [ids[0]!] });
    const cancelled = await admin.messages.get({ labId, messageId: ids[0]! });
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.timeline.map((e) => e.type)).toEqual(["scheduled", "cancelled"]);
    expect((await admin.messages.get({ labId, messageId: ids[1]! })).status).toBe("SCHEDULED");
  });

  it("refuses a sendAt in the past, naming the field", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId] });
    await expect(api.notifications.send({ labId, trigger, recipient: newRecipient(), sendAt: new Date(Date.now() - MINUTE).toISOString() })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("sendAt: expected a time in the future"),
    });
  });
});
