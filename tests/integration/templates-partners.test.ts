import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { newRecipient } from "./notifications-helpers";
import { makePartner, makePartnerLab, REPORT } from "./partners-helpers";

const PARTNER_SMS = "{{ partnerName }} ({{ eventCount }}): {% for e in events %}{{ e.patientName }} {{ e.reportUrl }} {% endfor %}";

describe("partner templates", () => {
  it("are a catalogue of their own: the partner defaults of the triggers partners hear of, apart from the patients'", async () => {
    const lab = await makePartnerLab();
    const partner = await lab.staff.templates.list({ labId: lab.labId, audience: "PARTNER" });
    expect(new Set(partner.map((e) => e.triggerKey))).toEqual(new Set(["REPORT_READY", "BILL_RECEIPT"]));
    expect(partner.every((e) => e.audience === "PARTNER" && e.effective === "platform" && e.override === null)).toBe(true);
    expect(partner.filter((e) => e.triggerKey === "REPORT_READY").map((e) => `${e.channel}/${e.language}`).sort()).toEqual(["EMAIL/ar", "EMAIL/en", "SMS/ar", "SMS/en", "WHATSAPP/ar", "WHATSAPP/en"]);

    const patient = await lab.staff.templates.list({ labId: lab.labId, triggerKey: "REPORT_READY" });
    expect(patient).toHaveLength(6);
    expect(patient.every((e) => e.audience === "PATIENT")).toBe(true);
    expect(await lab.staff.templates.list({ labId: lab.labId, triggerKey: "REPORT_READY", audience: "PATIENT" })).toEqual(patient);
  });

  it("a lab overrides one as it does a patient template (copy, update, versions, diff, restore) and the partner is sent the override, the patient the patients' template", async () => {
    const lab = await makePartnerLab();
    const { template: created } = await lab.admin.templates.createOverride({ labId: lab.labId, triggerKey: "REPORT_READY", channel: "SMS", language: "en", audience: "PARTNER" });
    const platform = await db().templateVersion.findFirstOrThrow({ where: { template: { scope: "platform", audience: "PARTNER", triggerKey: "REPORT_READY", channel: "SMS", language: "en" } } });
    expect(created).toMatchObject({ audience: "PARTNER", scope: lab.labId, currentVersion: 1, current: { body: platform.body } });

    const { template: updated } = await lab.admin.templates.update({ labId: lab.labId, templateId: created.id, content: { body: PARTNER_SMS } });
    expect(updated.currentVersion).toBe(2);
    const partnerEntry = (await lab.staff.templates.list({ labId: lab.labId, triggerKey: "REPORT_READY", channel: "SMS", audience: "PARTNER" })).find((e) => e.language === "en");
    expect(partnerEntry).toMatchObject({ effective: "lab", override: { templateId: created.id, currentVersion: 2, active: true } });
    // The patients' template of the same trigger, channel and language is untouched.
    const patientEntry = (await lab.staff.templates.list({ labId: lab.labId, triggerKey: "REPORT_READY", channel: "SMS" })).find((e) => e.language === "en");
    expect(patientEntry).toMatchObject({ effective: "platform", override: null });

    expect((await lab.staff.templates.versions({ labId: lab.labId, templateId: created.id })).items.map((v) => [v.version, v.changed])).toEqual([
      [2, ["body"]],
      [1, []],
    ]);
    const diff = await lab.staff.templates.diff({ labId: lab.labId, templateId: created.id, from: 1, to: 2 });
    expect(diff.fields.filter((f) => f.changed).map((f) => f.field)).toEqual(["body"]);

    const sent = async () => {
      const result = await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", recipient: newRecipient(), partner: { partnerId }, variables: REPORT, channels: ["SMS"] });
      const messages = await db().message.findMany({ where: { id: { in: [...result.channels, ...result.partner!.contacts.flatMap((c) => c.channels)].map((c) => c.messageId!) } }, select: { contactId: true, language: true, body: true } });
      return { patient: messages.find((m) => m.contactId === result.contactId)!.body, desk: messages.find((m) => m.contactId === deskContactId)!.body };
    };
    const { partner, deskContactId } = await makePartner(lab, { channels: ["SMS"], notifyPatient: true, delivery: "IMMEDIATE" });
    const partnerId = partner.id;
    const first = await sent();
    expect(first.desk).toBe("Al Salam Clinic (1): Sara Ahmed https://reports.example.com/r/1 ");
    expect(first.patient).toContain("Sara Ahmed");
    expect(first.patient).not.toContain("Al Salam Clinic");

    const { restored, template: back } = await lab.admin.templates.restore({ labId: lab.labId, templateId: created.id, version: 1 });
    expect(restored).toBe(true);
    expect(back).toMatchObject({ currentVersion: 3, current: { body: platform.body } });
    expect((await sent()).desk).toBe("Al Salam Clinic: 1 report(s) ready. Sara Ahmed: https://reports.example.com/r/1 ");
    const actions = await db().auditLog.findMany({ where: { labId: lab.labId, targetId: created.id }, orderBy: { createdAt: "asc" }, select: { action: true, diff: true } });
    expect(actions.map((a) => a.action)).toEqual(["template.override.create", "template.update", "template.restore"]);
    expect(actions[0]!.diff).toMatchObject({ audience: "PARTNER" });

    // A lab has one override per identity: a second partner one is refused, naming it as a partner template.
    await expectTRPCError(
      lab.admin.templates.createOverride({ labId: lab.labId, triggerKey: "REPORT_READY", channel: "SMS", language: "en", audience: "PARTNER" }),
      "CONFLICT",
      /^language: this lab already overrides partner REPORT_READY\/SMS\/en/,
    );
    await expectTRPCError(
      lab.staff.templates.createOverride({ labId: lab.labId, triggerKey: "REPORT_READY", channel: "EMAIL", language: "en", audience: "PARTNER" }),
      "FORBIDDEN",
    );
  });

  it("preview and validate read a partner's variables and a sample digest; an event's variable outside the events loop is explained", async () => {
    const lab = await makePartnerLab();
    const draft = { triggerKey: "REPORT_READY", channel: "SMS" as const, language: "en" as const, audience: "PARTNER" as const };
    const preview = await lab.staff.templates.preview({ labId: lab.labId, draft: { ...draft, content: { body: PARTNER_SMS } }, variables: { partnerName: "Gulf Hospital" } });
    expect(preview.problems).toEqual([]);
    expect(preview.rendered!.body).toBe("Gulf Hospital (2): Sara Ahmed https://reports.example.com/r/7Hq2Kx9 Sara Ahmed https://reports.example.com/r/7Hq2Kx9 ");
    const arabic = await lab.staff.templates.preview({ labId: lab.labId, draft: { ...draft, language: "ar", content: { body: PARTNER_SMS } } });
    expect(arabic).toMatchObject({ dir: "rtl" });
    expect(arabic.rendered!.body).toContain("عيادة السلام (2): سارة أحمد");

    const outside = await lab.staff.templates.validate({ labId: lab.labId, ...draft, content: { body: "{{ partnerName }}: report for {{ patientName }}" } });
    expect(outside.valid).toBe(false);
    expect(outside.problems).toEqual([
      expect.objectContaining({ field: "content.body", severity: "error", message: expect.stringContaining("write {{ e.patientName }} inside {% for e in events %}") }),
    ]);
    // The same words are a patient template's own.
    expect((await lab.staff.templates.validate({ labId: lab.labId, ...draft, audience: "PATIENT", content: { body: "Report for {{ patientName }}: {{ reportUrl }}" } })).valid).toBe(true);
    await expectTRPCError(
      lab.admin.templates.createOverride({ labId: lab.labId, ...draft, content: { body: "{{ partnerName }}: {{ patientName }} {{ nothing }}" } }),
      "BAD_REQUEST",
      /content\.body: \{\{ patientName \}\} is each event's own value in a partner template.*content\.body: unknown variable \{\{ nothing \}\} for REPORT_READY \(it has partnerName, contactName, eventCount, events\)/,
    );
  });

  it("a partner WhatsApp binding passes the partner's values and each event's own, listed across the events; never the list itself", async () => {
    const lab = await makePartnerLab();
    const draft = { triggerKey: "REPORT_READY", channel: "WHATSAPP" as const, language: "en" as const, audience: "PARTNER" as const };
    const body = '{{ partnerName }}: {{ events | map: "patientName" | join: ", " }}';
    const preview = await lab.staff.templates.preview({ labId: lab.labId, draft: { ...draft, content: { body, waTemplateName: "partner_reports", waVariables: ["partnerName", "patientName", "eventCount"] } } });
    expect(preview.problems).toEqual([]);
    // The sample digest has two events: an event's variable passes both values, as the body lists them.
    expect(preview.rendered).toMatchObject({ body: "Al Salam Clinic: Sara Ahmed, Sara Ahmed", waParameters: ["Al Salam Clinic", "Sara Ahmed, Sara Ahmed", "2"] });

    const wrong = await lab.staff.templates.validate({ labId: lab.labId, ...draft, content: { body, waTemplateName: "partner_reports", waVariables: ["events", "nothing"] } });
    expect(wrong.problems.map((p) => [p.field, p.message])).toEqual([
      ["content.waVariables.0", "unknown variable {{ events }} for REPORT_READY (it has partnerName, contactName, eventCount, patientName, labName, reportUrl)"],
      ["content.waVariables.1", "unknown variable {{ nothing }} for REPORT_READY (it has partnerName, contactName, eventCount, patientName, labName, reportUrl)"],
      ["content.waVariables", "the body shows {{ partnerName }} but the binding does not pass it"],
    ]);
  });

  it("a trigger told to patients only has no partner templates: refused naming audience, and nothing is written", async () => {
    const lab = await makePartnerLab();
    expect(await lab.staff.templates.list({ labId: lab.labId, triggerKey: "OTP", audience: "PARTNER" })).toEqual([]);
    const otp = { triggerKey: "OTP", channel: "SMS" as const, language: "en" as const, audience: "PARTNER" as const };
    await expectTRPCError(lab.admin.templates.createOverride({ labId: lab.labId, ...otp, content: { body: "{{ partnerName }}" } }), "BAD_REQUEST", /^audience: OTP is told to patients only/);
    const checked = await lab.staff.templates.validate({ labId: lab.labId, ...otp, content: { body: "{{ partnerName }}" } });
    expect(checked).toEqual({ valid: false, problems: [expect.objectContaining({ field: "audience", params: { reason: "patient_only_trigger", trigger: "OTP" } })] });
    expect(await db().template.count({ where: { labId: lab.labId } })).toBe(0);
  });
});
