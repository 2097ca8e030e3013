import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { enqueueDispatch } from "@/server/services/delivery/enqueue-dispatch";
import { uniq } from "../helpers/fixtures";
import { dispatch, email, insertMessages, makeDeliveryLab, phone, statusesOf, timeline } from "./delivery-helpers";

/** A template version with a WhatsApp binding, as the content engineer's services store it. */
async function whatsAppTemplateVersion(labId: string, waVariables: string[]) {
  const key = `T_${uniq().toUpperCase()}`;
  await db().trigger.create({ data: { key, name: key, category: "results", channels: ["WHATSAPP"], variables: waVariables } });
  const template = await db().template.create({
    data: {
      scope: labId, labId, triggerKey: key, channel: "WHATSAPP", language: "en",
      versions: { create: { version: 1, body: "Hello", waTemplateName: `report_ready_${key.toLowerCase()}`, waLanguage: "en", waVariables } },
    },
    include: { versions: true },
  });
  return { triggerKey: key, versionId: template.versions[0]!.id, templateName: `report_ready_${key.toLowerCase()}` };
}

describe("dispatch", () => {
  it("delivers on the happy path in each channel, recording provider id, cost and the timeline", async () => {
    const { lab, accounts } = await makeDeliveryLab();
    const ids = await insertMessages(lab.id, [
      { channel: "SMS", to: phone() },
      { channel: "WHATSAPP", to: phone() },
      { channel: "EMAIL", to: email() },
    ]);

    const run = await dispatch(ids);

    expect(run).toMatchObject({ claimed: 3, sent: 3, failed: 0, scheduled: [] });
    expect(await statusesOf(ids)).toEqual(["DELIVERED", "DELIVERED", "DELIVERED"]);
    const messages = await db().message.findMany({ where: { id: { in: ids } } });
    for (const m of messages) {
      expect(m.providerMessageId).toMatch(/^sbx-d-/);
      expect(m.businessAccountId).toBe(accounts.find((a) => a.channel === m.channel)!.id);
      expect(m).toMatchObject({ provider: "sandbox", attempts: 1, currency: "USD", claimedBy: null, claimedAt: null, errorCode: null });
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

  it("sends WhatsApp template parameters in the binding's order, from the message variables", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "WHATSAPP" }]);
    const { triggerKey, versionId, templateName } = await whatsAppTemplateVersion(lab.id, ["reportId", "patient.name"]);
    const [id] = await insertMessages(lab.id, [
      { channel: "WHATSAPP", triggerKey, templateVersionId: versionId, variables: { patient: { name: "Sara" }, reportId: 1001 } },
    ]);

    await dispatch([id!]);

    const [send] = sandboxLedger.sendsOf(id!);
    expect(send?.message).toMatchObject({ template: { name: templateName, language: "en", parameters: ["1001", "Sara"] } });
    expect(await statusesOf([id!])).toEqual(["DELIVERED"]);
  });

  it("fails a WhatsApp message whose template parameter has no value, without calling the provider", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "WHATSAPP" }]);
    const { triggerKey, versionId } = await whatsAppTemplateVersion(lab.id, ["reportId"]);
    const [id] = await insertMessages(lab.id, [{ channel: "WHATSAPP", triggerKey, templateVersionId: versionId, variables: {} }]);

    await dispatch([id!]);

    expect(await db().message.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "FAILED", errorCode: "missing_variable" });
    expect(sandboxLedger.callsOf(id!)).toBe(0);
  });

  it("re-checks the lab's hard stop at dispatch: a message queued before it is skipped, never sent", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [id] = await insertMessages(lab.id, [{ channel: "SMS" }]);
    await db().lab.update({ where: { id: lab.id }, data: { hardStop: true } });

    const run = await dispatch([id!]);

    expect(run).toMatchObject({ claimed: 1, skipped: 1, sent: 0 });
    expect(await db().message.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "SKIPPED", skipReason: "hard_stop" });
    expect((await timeline(id!)).at(-1)).toMatchObject({ type: "skipped", status: "SKIPPED", detail: { reason: "hard_stop", at: "dispatch" } });
    expect(sandboxLedger.callsOf(id!)).toBe(0);
  });

  it("leaves a scheduled message alone until its send time, and cancelled or finished ones for good", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const sendAt = new Date(Date.now() + 60 * 60_000);
    const [scheduled, cancelled, delivered] = await insertMessages(lab.id, [
      { status: "SCHEDULED", sendAt },
      { status: "CANCELLED" },
      { status: "DELIVERED" },
    ]);

    expect(await dispatch([scheduled!, cancelled!, delivered!])).toMatchObject({ claimed: 0 });
    expect(await dispatch([scheduled!, cancelled!, delivered!], { now: sendAt })).toMatchObject({ claimed: 1, sent: 1 });

    expect(await statusesOf([scheduled!, cancelled!, delivered!])).toEqual(["DELIVERED", "CANCELLED", "DELIVERED"]);
    expect(sandboxLedger.callsOf(cancelled!)).toBe(0);
  });

  it("enqueueDispatch queues jobs per lab and channel, carrying the lab and the account to throttle on, scheduled ones at sendAt", async () => {
    const { lab, accounts } = await makeDeliveryLab([{ channel: "SMS" }, { channel: "EMAIL" }]);
    const sendAt = new Date(Date.now() + 24 * 60 * 60_000);
    const [sms1, sms2, mail, later] = await insertMessages(lab.id, [
      { channel: "SMS" },
      { channel: "SMS" },
      { channel: "EMAIL" },
      { channel: "SMS", status: "SCHEDULED", sendAt },
    ]);

    const labId = lab.id;
    await enqueueDispatch([
      { id: sms1!, labId, channel: "SMS" },
      { id: sms2!, labId, channel: "SMS", sendAt: null },
      { id: mail!, labId, channel: "EMAIL" },
      { id: later!, labId, channel: "SMS", sendAt },
    ]);

    const jobs = await db().job.findMany({ where: { name: "dispatch-messages", payload: { path: ["labId"], equals: lab.id } } });
    const payloads = jobs.map((j) => ({ payload: j.payload, runAt: j.runAt.getTime() }));
    const smsAccount = accounts.find((a) => a.channel === "SMS")!.id;
    expect(payloads).toHaveLength(3);
    expect(payloads).toContainEqual({ payload: { messageIds: [sms1, sms2], labId: lab.id, businessAccountId: smsAccount }, runAt: expect.any(Number) });
    expect(payloads).toContainEqual({ payload: { messageIds: [mail], labId: lab.id, businessAccountId: accounts.find((a) => a.channel === "EMAIL")!.id }, runAt: expect.any(Number) });
    expect(payloads).toContainEqual({ payload: { messageIds: [later], labId: lab.id, businessAccountId: smsAccount }, runAt: sendAt.getTime() });
  });
});
