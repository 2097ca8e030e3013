import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { sendNotifications } from "@/server/services/notifications/send-notifications";
import { sendDueDigests } from "@/server/services/partners/send-due-digests";
import type { TPartnerRuleFields } from "@/server/domain/partners";
import { dispatch, statusesOf, timeline } from "./delivery-helpers";
import { makePartnerLab, REPORT } from "./partners-helpers";

const BILL = { patientName: "Sara Ahmed", labName: "Al Noor", amount: "350.00", currency: "SAR", invoiceNumber: "INV-1", receiptUrl: "https://pay.example.com/r/1" };

/** A lab with a sandbox WhatsApp account, and a partner whose English desk and Arabic doctor are reached on WhatsApp. */
async function whatsAppPartner(rules: Omit<TPartnerRuleFields, "channels">[]) {
  const lab = await makePartnerLab();
  await createBusinessAccount({ db: db(), principal: null, labId: lab.labId, channel: "WHATSAPP", provider: "sandbox", name: "sandbox WhatsApp", config: { from: "+966500000000", rules: [] } });
  const partner = await lab.admin.partners.create({ labId: lab.labId, name: "Al Salam Clinic", type: "CLINIC" });
  await lab.admin.partners.saveContact({ labId: lab.labId, partnerId: partner.id, name: "Front desk", phone: "0501110011", language: "en", channels: ["WHATSAPP"] });
  await lab.admin.partners.saveContact({ labId: lab.labId, partnerId: partner.id, name: "د. عمر", phone: "0501110012", language: "ar", channels: ["WHATSAPP"] });
  for (const rule of rules) await lab.admin.partners.setRule({ labId: lab.labId, partnerId: partner.id, rule: { ...rule, channels: ["WHATSAPP"] } });
  const full = await lab.admin.partners.get({ labId: lab.labId, partnerId: partner.id });
  return { lab, partner: full, deskId: full.contacts[0]!.contact.id, doctorId: full.contacts[1]!.contact.id };
}

const partnerMessages = (labId: string) =>
  db().message.findMany({ where: { labId, channel: "WHATSAPP" }, select: { id: true, contactId: true, to: true, language: true, body: true, status: true, templateVersion: { select: { template: { select: { audience: true } } } } } });

/** What the provider was handed for each message: its WhatsApp template name, language and parameters. */
function sentTemplates(ids: string[]) {
  return ids.map((id) => {
    const [send] = sandboxLedger.sendsOf(id);
    return (send?.message as { template?: unknown } | undefined)?.template ?? null;
  });
}

describe("WhatsApp to partners", () => {
  it("an immediate rule sends each contact the partner WhatsApp template in its language, with the binding's parameters, delivered by the provider", async () => {
    const { lab, partner, deskId, doctorId } = await whatsAppPartner([{ triggerKey: "REPORT_READY", notifyPatient: true, delivery: "IMMEDIATE" }]);

    const result = await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId: partner.id }, variables: REPORT });

    expect(result.partner!.contacts.map((c) => [c.contactId, c.channels.map((ch) => [ch.channel, ch.status])])).toEqual([
      [deskId, [["WHATSAPP", "queued"]]],
      [doctorId, [["WHATSAPP", "queued"]]],
    ]);
    const messages = await partnerMessages(lab.labId);
    const desk = messages.find((m) => m.contactId === deskId)!;
    const doctor = messages.find((m) => m.contactId === doctorId)!;
    expect(desk).toMatchObject({ to: "+966501110011", language: "en", body: "Al Salam Clinic: 1 report(s) ready. Patients: Sara Ahmed. Reports: https://reports.example.com/r/1" });
    expect(doctor).toMatchObject({ to: "+966501110012", language: "ar", body: "Al Salam Clinic: عدد التقارير الجاهزة 1. المرضى: Sara Ahmed. التقارير: https://reports.example.com/r/1" });
    for (const message of messages) expect(message.templateVersion!.template.audience).toBe("PARTNER");

    const run = await dispatch([desk.id, doctor.id]);
    expect(run).toMatchObject({ claimed: 2, sent: 2, failed: 0 });
    expect(await statusesOf([desk.id, doctor.id])).toEqual(["DELIVERED", "DELIVERED"]);
    const parameters = ["Al Salam Clinic", "1", "Sara Ahmed", "https://reports.example.com/r/1"];
    expect(sentTemplates([desk.id, doctor.id])).toEqual([
      { name: "herald_partner_report_ready", contentSid: null, language: "en", parameters },
      { name: "herald_partner_report_ready", contentSid: null, language: "ar", parameters },
    ]);
    expect((await timeline(desk.id)).map((e) => e.type)).toEqual(["queued", "dispatched", "accepted", "status"]);
  });

  it("a digest sends one WhatsApp message per contact whose parameters list exactly the window's events, in order", async () => {
    const { lab, partner, deskId } = await whatsAppPartner([{ triggerKey: "BILL_RECEIPT", notifyPatient: true, delivery: "DIGEST", digestWindowMinutes: 30 }]);
    const labRow = await db().lab.findUniqueOrThrow({ where: { id: lab.labId } });
    const start = new Date(Date.now() - 60 * 60_000);
    const bill = (minutes: number, invoiceNumber: string, amount: string) =>
      sendNotifications({
        db: db(), lab: labRow, requestId: `bill-${invoiceNumber}`, now: new Date(start.getTime() + minutes * 60_000), itemPath: () => "",
        items: [{ trigger: "BILL_RECEIPT", partner: { partnerId: partner.id }, variables: { ...BILL, invoiceNumber, amount, receiptUrl: `https://pay.example.com/${invoiceNumber}` } }],
      });
    await bill(0, "INV-1", "350.00");
    await bill(10, "INV-2", "120.50");
    // After the window its first event opened: the next digest's.
    await bill(31, "INV-3", "99.00");

    expect(await sendDueDigests({ db: db(), now: new Date(start.getTime() + 30 * 60_000) })).toMatchObject({ digests: 1, events: 2, messages: 2 });
    const messages = await partnerMessages(lab.labId);
    expect(messages).toHaveLength(2);
    const desk = messages.find((m) => m.contactId === deskId)!;
    expect(desk.body).toBe(
      "Al Salam Clinic: 2 payment(s) received. Invoices: INV-1, INV-2. Amounts: 350.00, 120.50 (SAR, SAR). Receipts: https://pay.example.com/INV-1, https://pay.example.com/INV-2",
    );

    const ids = messages.map((m) => m.id);
    expect(await dispatch(ids)).toMatchObject({ claimed: 2, sent: 2, failed: 0 });
    expect(await statusesOf(ids)).toEqual(["DELIVERED", "DELIVERED"]);
    // Each event's values in order, with the comma of the contact's language.
    const parametersIn = (comma: string) => ["Al Salam Clinic", "2", `INV-1${comma}INV-2`, `350.00${comma}120.50`, `SAR${comma}SAR`, `https://pay.example.com/INV-1${comma}https://pay.example.com/INV-2`];
    const sent = sentTemplates(ids) as { language: string }[];
    expect(sent.map((t) => t.language).sort()).toEqual(["ar", "en"]);
    for (const template of sent) expect(template).toMatchObject({ name: "herald_partner_bill_receipt", parameters: parametersIn(template.language === "ar" ? "، " : ", ") });
    for (const message of messages) expect(message.body).not.toContain("INV-3");
  });
});
