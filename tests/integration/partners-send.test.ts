import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { labSnapshot, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { newRecipient } from "./notifications-helpers";
import { makePartner, makePartnerLab, REPORT } from "./partners-helpers";

const messagesOf = (labId: string) => db().message.findMany({ where: { labId }, include: { events: true }, orderBy: [{ contactId: "asc" }, { channel: "asc" }] });

describe("notifications.send to a partner", () => {
  it("fans out to each of the partner's contacts on the rule's channels, in each contact's language, and tells the patient too", async () => {
    const lab = await makePartnerLab();
    const { partner, externalId, desk, deskContactId, doctorContactId } = await makePartner(lab, { channels: ["SMS", "EMAIL"], notifyPatient: true, delivery: "IMMEDIATE" });
    const patient = newRecipient();

    const result = await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", recipient: patient, partner: { externalId }, variables: REPORT, channels: ["SMS"] });

    expect(result.channels).toEqual([expect.objectContaining({ channel: "SMS", status: "queued" })]);
    expect(result.partner).toMatchObject({ partnerId: partner.id, status: "sent", digestAt: null });
    // The desk gets email and SMS; the doctor only SMS (the rule's channels met by each contact's).
    expect(result.partner!.contacts.map((c) => [c.contactId, c.channels.map((ch) => [ch.channel, ch.status])])).toEqual([
      [deskContactId, [["SMS", "queued"], ["EMAIL", "queued"]]],
      [doctorContactId, [["SMS", "queued"]]],
    ]);

    const messages = await messagesOf(lab.labId);
    const email = messages.find((m) => m.contactId === deskContactId && m.channel === "EMAIL")!;
    expect(email).toMatchObject({ to: desk, language: "en", subject: "1 report(s) ready for Al Salam Clinic" });
    expect(email.html).toContain("Dear Front desk");
    expect(email.html).toContain('Sara Ahmed: <a href="https://reports.example.com/r/1">');
    const doctorSms = messages.find((m) => m.contactId === doctorContactId)!;
    expect(doctorSms).toMatchObject({ to: "+966501110002", language: "ar", channel: "SMS" });
    expect(doctorSms.body).toBe("Al Salam Clinic: عدد التقارير الجاهزة 1. Sara Ahmed: https://reports.example.com/r/1 ");
    // Every partner message comes from a partner template, never the patient's.
    const versions = await db().templateVersion.findMany({ where: { id: { in: messages.map((m) => m.templateVersionId!) } }, select: { id: true, template: { select: { audience: true } } } });
    const audienceOf = new Map(versions.map((v) => [v.id, v.template.audience]));
    for (const message of messages) expect(audienceOf.get(message.templateVersionId!)).toBe(message.contactId === result.contactId ? "PATIENT" : "PARTNER");
  });

  it("a partner who informs its own patients: the patient's channels are skipped on record, the partner is told", async () => {
    const lab = await makePartnerLab();
    const { partner } = await makePartner(lab, { channels: ["SMS"], notifyPatient: false, delivery: "IMMEDIATE" });

    const result = await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", recipient: newRecipient(), partner: { partnerId: partner.id }, variables: REPORT });

    expect(result.channels.map((c) => [c.channel, c.status, c.reason])).toEqual([
      ["SMS", "skipped", "partner_informs_patient"],
      ["WHATSAPP", "skipped", "partner_informs_patient"],
      ["EMAIL", "skipped", "partner_informs_patient"],
    ]);
    expect(result.partner!.contacts.flatMap((c) => c.channels.map((ch) => ch.status))).toEqual(["queued", "queued"]);
    const patientMessages = await db().message.findMany({ where: { labId: lab.labId, contactId: result.contactId! } });
    expect(patientMessages.map((m) => [m.status, m.skipReason, m.body])).toEqual(Array(3).fill(["SKIPPED", "partner_informs_patient", null]));
  });

  it("a partner alone may be the recipient; a partner without a rule for the trigger is told nothing", async () => {
    const lab = await makePartnerLab();
    const { partner } = await makePartner(lab, { channels: ["SMS"], notifyPatient: true, delivery: "IMMEDIATE" });
    const alone = await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId: partner.id }, variables: REPORT });
    expect(alone).toMatchObject({ contactId: null, externalId: null, channels: [], partner: { status: "sent" } });
    expect(alone.partner!.contacts).toHaveLength(2);

    const bill = { patientName: "Sara", labName: "Al Noor", amount: "350.00", currency: "SAR", invoiceNumber: "INV-1", receiptUrl: "https://pay.example.com/r/1" };
    const before = await db().message.count({ where: { labId: lab.labId } });
    const unruled = await lab.api.notifications.send({ labId: lab.labId, trigger: "BILL_RECEIPT", partner: { partnerId: partner.id }, variables: bill });
    expect(unruled.partner).toEqual({ partnerId: partner.id, status: "no_rule", contacts: [], digestAt: null });
    expect(await db().message.count({ where: { labId: lab.labId } })).toBe(before);
  });

  it("refuses, naming the field, a partner the lab does not have, a trigger partners never hear of, and a send to nobody; nothing is written", async () => {
    const lab = await makePartnerLab();
    const other = await makePartnerLab();
    const { partner: foreign } = await makePartner(other, { channels: ["SMS"], notifyPatient: true, delivery: "IMMEDIATE" });
    const before = await labSnapshot([lab.labId, other.labId]);

    await expectTRPCError(lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId: foreign.id }, variables: REPORT }), "NOT_FOUND", /^partner\.partnerId: no partner with this partnerId in the lab/);
    await expectTRPCError(
      lab.api.notifications.sendMany({
        labId: lab.labId,
        items: [
          { trigger: "REPORT_READY", recipient: newRecipient(), variables: REPORT },
          { trigger: "REPORT_READY", partner: { externalId: `nobody-${uniq()}` }, variables: REPORT },
        ],
      }),
      "NOT_FOUND",
      /^items\.1\.partner\.externalId: no partner with this externalId/,
    );
    await expectTRPCError(lab.api.notifications.send({ labId: lab.labId, trigger: "OTP", partner: { partnerId: foreign.id }, variables: { otpCode: "1" } }), "BAD_REQUEST", /partner: OTP is told to patients only/);
    await expectTRPCError(lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", variables: REPORT }), "BAD_REQUEST", /recipient: expected a recipient, a partner, or both/);
    await expectTRPCError(lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId: foreign.id, externalId: "x" }, variables: REPORT }), "BAD_REQUEST", /partner: expected partnerId or externalId, one of them/);
    expect(await labSnapshot([lab.labId, other.labId])).toEqual(before);
  });

  it("replays a partner send under its idempotency key and tells nobody twice", async () => {
    const lab = await makePartnerLab();
    const { externalId } = await makePartner(lab, { channels: ["SMS"], notifyPatient: true, delivery: "IMMEDIATE" });
    const send = () => lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { externalId }, variables: REPORT, idempotencyKey: "report-77" });
    const first = await send();
    const again = await send();
    expect(again).toEqual({ ...first, replayed: true });
    expect(await db().message.count({ where: { labId: lab.labId } })).toBe(2);
  });
});
