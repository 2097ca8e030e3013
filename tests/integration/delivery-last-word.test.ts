import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { applyConsent } from "@/server/services/contacts/apply-consent";
import { dispatch, email, insertMessages, makeDeliveryLab, phone, timeline } from "./delivery-helpers";
import { callerFor, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });
// A Saudi mobile number that libphonenumber accepts (the send flow validates inline recipients).
const saMobile = () => `+96650${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

async function labWithContact(channel: "SMS" | "EMAIL" = "SMS") {
  const { lab } = await makeDeliveryLab([{ channel }]);
  const address = channel === "EMAIL" ? email() : saMobile();
  const contact = await db().contact.create({ data: { labId: lab.id, externalId: `p-${address}`, ...(channel === "EMAIL" ? { email: address } : { phone: address }) } });
  const admin = await makeUser({ labId: lab.id, role: "LAB_ADMIN" });
  return { lab, contact, address, admin: callerFor(admin.principal) };
}

describe("the patient's last word holds until the provider is called", () => {
  it("skips a message whose consent was withdrawn after it was accepted, with the reason and where it was decided", async () => {
    const { lab, contact, address } = await labWithContact();
    const [id] = await insertMessages(lab.id, [{ to: address, contactId: contact.id }]);
    await applyConsent(db(), { contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at: new Date() });

    await dispatch([id!]);

    expect(await message(id!)).toMatchObject({ status: "SKIPPED", skipReason: "consent_withdrawn", providerMessageId: null });
    expect((await timeline(id!)).at(-1)).toMatchObject({ type: "skipped", detail: { reason: "consent_withdrawn", at: "dispatch" } });
  });

  it("skips an opted-out category at dispatch, but never a critical message", async () => {
    const { lab, contact, address } = await labWithContact();
    const [reminder, otp] = await insertMessages(lab.id, [
      { to: address, contactId: contact.id, category: "reminder" },
      { to: address, contactId: contact.id, category: "reminder", critical: true, triggerKey: "OTP" },
    ]);
    await db().contactPreference.create({ data: { contactId: contact.id, category: "reminder", optedOut: true, at: new Date(), source: "portal" } });

    await dispatch([reminder!, otp!]);

    expect(await message(reminder!)).toMatchObject({ status: "SKIPPED", skipReason: "preference_opt_out" });
    expect((await message(otp!)).status).toBe("DELIVERED");
  });

  it("skips an address the lab suppressed after the message was accepted, whatever contact row it came from, and however the email was spelled", async () => {
    const { lab, admin } = await labWithContact("EMAIL");
    const address = email("patient");
    const [id] = await insertMessages(lab.id, [{ channel: "EMAIL", to: address.toUpperCase() }]);
    await admin.suppressions.add({ labId: lab.id, channel: "EMAIL", address });

    await dispatch([id!]);

    expect(await message(id!)).toMatchObject({ status: "SKIPPED", skipReason: "suppressed" });
  });
});

describe("the suppression list", () => {
  it("stores addresses in one form, audits additions and removals, and is the lab's own", async () => {
    const { lab, admin } = await labWithContact();
    const other = await labWithContact();

    const added = await admin.suppressions.add({ labId: lab.id, channel: "SMS", address: "050 123 4567", note: "asked at the desk" });
    const again = await admin.suppressions.add({ labId: lab.id, channel: "SMS", address: "+966501234567" });
    await admin.suppressions.add({ labId: lab.id, channel: "EMAIL", address: "Sara@Example.TEST" });

    expect(added).toMatchObject({ channel: "SMS", address: "+966501234567", reason: "manual", detail: { note: "asked at the desk" } });
    expect(again.id).toBe(added.id);
    expect((await admin.suppressions.list({ labId: lab.id })).items.map((s) => s.address).sort()).toEqual(["+966501234567", "sara@example.test"]);
    expect((await admin.suppressions.list({ labId: lab.id, channel: "EMAIL" })).items).toHaveLength(1);
    expect((await admin.suppressions.list({ labId: lab.id, addressPrefix: "+9665" })).items).toHaveLength(1);

    await expectTRPCError(other.admin.suppressions.remove({ labId: other.lab.id, id: added.id }), "NOT_FOUND");
    expect(await admin.suppressions.remove({ labId: lab.id, id: added.id })).toEqual({ id: added.id, removed: true });
    const audit = await db().auditLog.findMany({ where: { labId: lab.id, targetId: added.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["suppression.add", "suppression.remove"]);
  });

  it("names the address when it is not one", async () => {
    const { lab, admin } = await labWithContact();
    await expectTRPCError(admin.suppressions.add({ labId: lab.id, channel: "SMS", address: "12" }), "BAD_REQUEST", /address: expected a valid phone number/);
    await expectTRPCError(admin.suppressions.add({ labId: lab.id, channel: "EMAIL", address: "not-an-email" }), "BAD_REQUEST", /address: expected an email address/);
    expect((await admin.suppressions.list({ labId: lab.id })).items).toHaveLength(0);
  });
});

describe("retries and quiet hours", () => {
  it("moves a retry that would fall in the lab's quiet hours to their end, but not a critical one", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS", rules: [{ outcome: { type: "fail_temporarily", times: 5 } }] }]);
    // 23:00 in Riyadh tomorrow (dispatch's clock never runs behind the real one).
    const today = new Date();
    const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, 20, 0));
    await db().lab.update({ where: { id: lab.id }, data: { timezone: "Asia/Riyadh", quietHoursStart: "22:00", quietHoursEnd: "07:00" } });
    const [normal, critical] = await insertMessages(lab.id, [{ to: phone() }, { to: phone(), critical: true, triggerKey: "OTP" }]);

    await dispatch([normal!, critical!], { now });

    const held = await message(normal!);
    expect(held.status).toBe("QUEUED");
    expect(held.nextAttemptAt).toEqual(new Date(now.getTime() + 8 * 60 * 60_000)); // 07:00 in Riyadh
    const urgent = await message(critical!);
    expect(urgent.nextAttemptAt!.getTime() - now.getTime()).toBeLessThan(60 * 60_000);
  });
});

describe("at accept", () => {
  it("a recipient sent inline, without an external id, is the lab's contact with that number: its withdrawn consent holds, and a suppressed number is skipped", async () => {
    const { createCaller } = await import("@/server/api/root");
    const { createContextInner } = await import("@/server/api/trpc");
    const { makeApiKey } = await import("../helpers/fixtures");
    const { makeTrigger, VARIABLES } = await import("./notifications-helpers");
    const { lab, contact, address, admin } = await labWithContact();
    const trigger = await makeTrigger({ enableFor: [lab.id], channels: ["SMS"] });
    const key = await makeApiKey(lab.id);
    const sender = createCaller(createContextInner({ db: db(), principal: key.principal }));
    await applyConsent(db(), { contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "sms-stop", at: new Date() });

    const inline = await sender.notifications.send({ labId: lab.id, trigger, recipient: { name: "Sara", phone: address }, variables: VARIABLES });
    expect(inline.contactId).toBe(contact.id);
    expect(inline.channels).toEqual([expect.objectContaining({ channel: "SMS", status: "skipped", reason: "consent_withdrawn" })]);

    const other = saMobile();
    await admin.suppressions.add({ labId: lab.id, channel: "SMS", address: other });
    const suppressed = await sender.notifications.send({ labId: lab.id, trigger, recipient: { externalId: `p-${other}`, phone: other }, variables: VARIABLES });
    expect(suppressed.channels).toEqual([expect.objectContaining({ channel: "SMS", status: "skipped", reason: "suppressed" })]);
  });
});
