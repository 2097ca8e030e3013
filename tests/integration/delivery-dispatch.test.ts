import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { dispatch, email, insertMessages, makeDeliveryLab, phone, statusesOf, timeline } from "./delivery-helpers";

describe("dispatch", () => {
  it("delivers on the happy path in each channel, recording provider id, cost and the timeline", async () => {
    const { lab, accounts } = await makeDeliveryLab();
    const ids = await insertMessages(lab.id, [
      { channel: "SMS", to: phone() },
      { channel: "WHATSAPP", to: phone() },
      { channel: "EMAIL", to: email() },
    ]);

    const summary = await dispatch(ids);

    expect(summary).toMatchObject({ claimed: 3, sent: 3, failed: 0 });
    expect(await statusesOf(ids)).toEqual(["DELIVERED", "DELIVERED", "DELIVERED"]);
    const messages = await db().message.findMany({ where: { id: { in: ids } }, orderBy: { channel: "asc" } });
    for (const m of messages) {
      expect(m.providerMessageId).toMatch(/^sbx-d-/);
      expect(m.provider).toBe("sandbox");
      expect(m.businessAccountId).toBe(accounts.find((a) => a.channel === m.channel)!.id);
      expect(m).toMatchObject({ attempts: 1, currency: "USD", claimedBy: null, errorCode: null });
      expect(m.sentAt).toBeInstanceOf(Date);
      expect(m.deliveredAt).toBeInstanceOf(Date);
      expect(sandboxLedger.sendsOf(m.id)).toHaveLength(1);
    }
    const sms = messages.find((m) => m.channel === "SMS")!;
    expect(sms.cost?.toString()).toBe("0.0075");
    expect(sms.segments).toBe(1);
    expect((await timeline(ids[0]!)).map((e) => [e.type, e.status, e.source])).toEqual([
      ["queued", "QUEUED", "api"],
      ["dispatched", "SENDING", "worker"],
      ["accepted", "SENT", "worker"],
      ["status", "DELIVERED", "webhook"],
    ]);
  });
});
