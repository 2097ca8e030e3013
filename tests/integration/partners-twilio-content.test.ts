// Partner WhatsApp through Twilio: Twilio sends a template by ContentSid with ContentVariables, so a lab
// binds its approved Content template in an override of the partner template. Through the simulator,
// which records both, and back through Twilio's signed status callbacks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { sendNotifications } from "@/server/services/notifications/send-notifications";
import { sendDueDigests } from "@/server/services/partners/send-due-digests";
import { uniq } from "../helpers/fixtures";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { dispatch } from "./delivery-helpers";
import { makePartnerLab, REPORT } from "./partners-helpers";
import type { TPartnerRuleFields } from "@/server/domain/partners";

const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
const CONTENT_SID = `HX${"5e".repeat(16)}`;

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

/** A lab whose WhatsApp goes through its own Twilio account, and a partner desk reached on WhatsApp in `language`. */
async function twilioPartner(language: "en" | "ar", rule: Omit<TPartnerRuleFields, "channels" | "triggerKey">) {
  const lab = await makePartnerLab();
  const accountSid = `AC${[...uniq().replace(/[^0-9a-f]/g, "")].join("").padEnd(32, "a").slice(0, 32)}`;
  const account = await createBusinessAccount({
    db: db(), principal: null, labId: lab.labId, channel: "WHATSAPP", provider: "twilio", name: "Twilio WhatsApp",
    config: { accountSid, authToken: AUTH_TOKEN, from: "+14155550100" },
  });
  harness.sim.accounts.register({ provider: "twilio", id: accountSid, secret: AUTH_TOKEN, webhookUrl: harness.webhookUrl("twilio", account.id) });
  const partner = await lab.admin.partners.create({ labId: lab.labId, name: "Al Salam Clinic", type: "CLINIC" });
  await lab.admin.partners.saveContact({ labId: lab.labId, partnerId: partner.id, name: "Front desk", phone: "0501110031", language, channels: ["WHATSAPP"] });
  await lab.admin.partners.setRule({ labId: lab.labId, partnerId: partner.id, rule: { triggerKey: rule.delivery === "DIGEST" ? "BILL_RECEIPT" : "REPORT_READY", ...rule, channels: ["WHATSAPP"] } });
  return { lab, partnerId: partner.id };
}

/** What the simulator received for a Herald message: the form Twilio's API was posted. */
function sentForm(messageId: string): Record<string, string> {
  const entries = harness.sim.ledger.query({ provider: "twilio", operation: "send" }).filter((e) => e.heraldMessageId === messageId);
  expect(entries.map((e) => e.httpStatus)).toEqual([201]);
  return Object.fromEntries(new URLSearchParams(entries[0]!.rawBody));
}

const whatsAppMessages = (labId: string) => db().message.findMany({ where: { labId, channel: "WHATSAPP" }, select: { id: true, body: true, status: true, templateVersionId: true } });

describe("partner WhatsApp templates through Twilio", () => {
  it("an override binding a ContentSid sends the partner's template by ContentSid, its ordered variables as ContentVariables, and is delivered", async () => {
    const { lab, partnerId } = await twilioPartner("en", { notifyPatient: true, delivery: "IMMEDIATE" });
    // The platform's partner template is bound by name only, which means nothing to Twilio: it goes as session
    // text, which Twilio fails with 63016 when the desk has not written in the last 24 hours.
    await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId }, variables: REPORT });
    const [unbound] = await whatsAppMessages(lab.labId);
    expect(await dispatch([unbound!.id])).toMatchObject({ sent: 1, failed: 0 });
    expect(sentForm(unbound!.id)).toMatchObject({ Body: unbound!.body });
    const refused = await eventually(() => db().message.findUniqueOrThrow({ where: { id: unbound!.id } }), (m) => m.status === "FAILED");
    expect(refused.errorCode).toBe("template_required");
    await db().message.delete({ where: { id: unbound!.id } });

    const { template } = await lab.admin.templates.createOverride({ labId: lab.labId, triggerKey: "REPORT_READY", channel: "WHATSAPP", language: "en", audience: "PARTNER" });
    const current = template.current!;
    await lab.admin.templates.update({
      labId: lab.labId, templateId: template.id,
      content: { body: current.body ?? undefined, waContentSid: CONTENT_SID, waVariables: ["partnerName", "eventCount", "patientName", "reportUrl"] },
    });

    await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId }, variables: REPORT });
    const [message] = await whatsAppMessages(lab.labId);
    expect(await dispatch([message!.id])).toMatchObject({ sent: 1, failed: 0 });

    const form = sentForm(message!.id);
    expect(form).toMatchObject({ To: "whatsapp:+966501110031", From: "whatsapp:+14155550100", ContentSid: CONTENT_SID });
    expect(form.Body).toBeUndefined();
    expect(JSON.parse(form.ContentVariables!)).toEqual({ "1": "Al Salam Clinic", "2": "1", "3": "Sara Ahmed", "4": "https://reports.example.com/r/1" });
    const delivered = await eventually(() => db().message.findUniqueOrThrow({ where: { id: message!.id } }), (m) => m.status === "DELIVERED" || m.status === "READ");
    expect(delivered.providerMessageId).toMatch(/^(SM|MM)[0-9a-f]{32}$/);
  });

  it("a digest's ContentVariables list every event's value in order, with the comma of the contact's language", async () => {
    const { lab, partnerId } = await twilioPartner("ar", { notifyPatient: true, delivery: "DIGEST", digestWindowMinutes: 30 });
    await lab.admin.templates.createOverride({
      labId: lab.labId, triggerKey: "BILL_RECEIPT", channel: "WHATSAPP", language: "ar", audience: "PARTNER",
      content: { waContentSid: CONTENT_SID, waVariables: ["partnerName", "eventCount", "invoiceNumber", "amount"] },
    });
    const start = new Date(Date.now() - 60 * 60_000);
    const labRow = await db().lab.findUniqueOrThrow({ where: { id: lab.labId } });
    for (const [minutes, invoiceNumber, amount] of [[0, "INV-1", "350.00"], [10, "INV-2", "120.50"]] as const) {
      await sendNotifications({
        db: db(), lab: labRow, requestId: `bill-${invoiceNumber}-${uniq()}`, now: new Date(start.getTime() + minutes * 60_000), itemPath: () => "",
        items: [{ trigger: "BILL_RECEIPT", partner: { partnerId }, variables: { patientName: "Sara Ahmed", labName: "Al Noor", currency: "SAR", receiptUrl: "https://pay.example.com/r", invoiceNumber, amount } }],
      });
    }
    expect(await sendDueDigests({ db: db(), now: new Date(start.getTime() + 30 * 60_000) })).toMatchObject({ digests: 1, events: 2, messages: 1 });
    const [message] = await whatsAppMessages(lab.labId);
    expect(await dispatch([message!.id])).toMatchObject({ sent: 1, failed: 0 });

    const form = sentForm(message!.id);
    expect(form.ContentSid).toBe(CONTENT_SID);
    expect(JSON.parse(form.ContentVariables!)).toEqual({ "1": "Al Salam Clinic", "2": "2", "3": "INV-1، INV-2", "4": "350.00، 120.50" });
    // A WhatsApp message is read right after it is delivered: a poll may see either.
    const delivered = await eventually(() => db().message.findUniqueOrThrow({ where: { id: message!.id } }), (m) => m.status === "DELIVERED" || m.status === "READ");
    expect(delivered.deliveredAt).not.toBeNull();
  });
});
