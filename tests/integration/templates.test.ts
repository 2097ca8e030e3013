import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { loadTemplateCandidates } from "@/server/services/templates/load-template-candidates";
import { pickTemplate } from "@/server/services/templates/pick-template";
import { renderTemplate } from "@/server/services/templates/render-template";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: ReturnType<typeof callerFor>;
let staff: ReturnType<typeof callerFor>;

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);
  staff = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
});

const resolve = async (triggerKey: string, channel: "SMS" | "EMAIL" | "WHATSAPP", languages: (string | null)[]) =>
  pickTemplate(await loadTemplateCandidates(db(), { labId, triggerKeys: [triggerKey] }), { triggerKey, channel, languages });

describe("template overrides", () => {
  it("lists the platform defaults as effective until the lab overrides one", async () => {
    const list = await staff.templates.list({ labId, triggerKey: "REPORT_READY" });
    expect(list).toHaveLength(6);
    expect(list.every((entry) => entry.effective === "platform" && entry.override === null)).toBe(true);
  });

  it("an override wins while active and loses when deactivated; its versions are kept", async () => {
    const { template: created } = await admin.templates.createOverride({ labId, triggerKey: "APPOINTMENT_REMINDER", channel: "SMS", language: "ar" });
    expect(created).toMatchObject({ scope: labId, labId, currentVersion: 1, active: true });
    const platform = await resolve("APPOINTMENT_REMINDER", "SMS", ["ar"]);
    // Created without content: a copy of the platform default.
    expect(created.current.body).toBe((await db().templateVersion.findFirstOrThrow({ where: { template: { scope: "platform", triggerKey: "APPOINTMENT_REMINDER", channel: "SMS", language: "ar" } } })).body);
    expect(platform).toMatchObject({ scope: "lab", templateId: created.id });

    const { template } = await admin.templates.update({ labId, templateId: created.id, content: { body: "تذكير {{ patientName }}: موعدك {{ appointmentAt }}" } });
    expect(template.currentVersion).toBe(2);
    const winner = await resolve("APPOINTMENT_REMINDER", "SMS", ["ar", "en"]);
    expect(winner).toMatchObject({ scope: "lab", version: 2 });
    expect(renderTemplate(winner!, { patientName: "سارة", appointmentAt: "١٠:٣٠" }).body).toBe("تذكير سارة: موعدك ١٠:٣٠");

    await admin.templates.deactivate({ labId, templateId: created.id });
    expect(await resolve("APPOINTMENT_REMINDER", "SMS", ["ar"])).toMatchObject({ scope: "platform", language: "ar" });
    const entry = (await staff.templates.list({ labId, triggerKey: "APPOINTMENT_REMINDER", channel: "SMS" })).find((e) => e.language === "ar");
    expect(entry).toMatchObject({ effective: "platform", override: { templateId: created.id, active: false, currentVersion: 2 } });

    await admin.templates.activate({ labId, templateId: created.id });
    expect(await resolve("APPOINTMENT_REMINDER", "SMS", ["ar"])).toMatchObject({ scope: "lab", version: 2 });

    const withVersions = await staff.templates.get({ labId, templateId: created.id });
    expect(withVersions).toMatchObject({ isPlatformDefault: false, dir: "rtl", versionCount: 2, latestVersion: 2, current: { version: 2 } });
    expect((await staff.templates.versions({ labId, templateId: created.id })).items.map((v) => v.version)).toEqual([2, 1]);
    const actions = await db().auditLog.findMany({ where: { labId, targetId: created.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["template.override.create", "template.update", "template.deactivate", "template.activate"]);
  });

  it("saving unchanged content adds no version", async () => {
    const { template: created } = await admin.templates.createOverride({ labId, triggerKey: "OTP", channel: "SMS", language: "en", content: { body: "Code {{ otpCode }}" } });
    const again = await admin.templates.update({ labId, templateId: created.id, content: { body: "Code {{ otpCode }}" } });
    expect(again.template.currentVersion).toBe(1);
    await expectTRPCError(admin.templates.createOverride({ labId, triggerKey: "OTP", channel: "SMS", language: "en" }), "CONFLICT", /already overrides OTP\/SMS\/en/);
  });

  it("falls back by language: an override in one language does not hide the platform default in another", async () => {
    await admin.templates.createOverride({ labId, triggerKey: "BILL_RECEIPT", channel: "EMAIL", language: "ar" });
    expect(await resolve("BILL_RECEIPT", "EMAIL", ["fr", null, "en", "ar"])).toMatchObject({ scope: "platform", language: "en" });
    expect(await resolve("BILL_RECEIPT", "EMAIL", ["hi", "ar", "en"])).toMatchObject({ scope: "lab", language: "ar" });
    expect(await resolve("BILL_RECEIPT", "EMAIL", ["hi", "fr"])).toBeNull();
  });

  it("platform defaults are read-only to labs", async () => {
    const platform = (await staff.templates.list({ labId, triggerKey: "REGISTRATION", channel: "SMS" }))[0]!.platform!;
    await expectTRPCError(admin.templates.update({ labId, templateId: platform.templateId, content: { body: "x" } }), "FORBIDDEN", /sync-templates/);
    await expectTRPCError(admin.templates.deactivate({ labId, templateId: platform.templateId }), "FORBIDDEN");
    expect((await staff.templates.get({ labId, templateId: platform.templateId })).isPlatformDefault).toBe(true);
  });
});

describe("template validation", () => {
  it("refuses an unknown variable, naming the field and the trigger", async () => {
    await expectTRPCError(
      admin.templates.createOverride({ labId, triggerKey: "REPORT_READY", channel: "SMS", language: "en", content: { body: "Hi {{ patientNme }}, {{ reportUrl }}" } }),
      "BAD_REQUEST",
      /^content\.body: unknown variable \{\{ patientNme \}\} for REPORT_READY/,
    );
    expect(await db().template.count({ where: { scope: labId, triggerKey: "REPORT_READY" } })).toBe(0);
  });

  it("refuses an SMS over 1,600 characters and warns about several segments", async () => {
    const draft = { labId, triggerKey: "REPORT_READY", channel: "SMS" as const, language: "en" as const };
    await expectTRPCError(admin.templates.createOverride({ ...draft, content: { body: `{{ patientName }} ${"x".repeat(1600)}` } }), "BAD_REQUEST", /content\.body: is \d+ characters with sample values; providers refuse SMS over 1600/);
    const result = await staff.templates.validate({ ...draft, content: { body: `{{ patientName }} ${"long text ".repeat(20)}` } });
    expect(result).toEqual({ valid: true, problems: [{ field: "content.body", severity: "warning", message: expect.stringMatching(/takes 2 GSM-7 segments/), params: { reason: "sms_segments", segments: 2, encoding: "GSM-7" } }] });
  });

  it("requires a complete WhatsApp binding", async () => {
    const draft = { labId, triggerKey: "REPORT_READY", channel: "WHATSAPP" as const, language: "en" as const };
    const result = await staff.templates.validate({ ...draft, content: { body: "Hi {{ patientName }}: {{ reportUrl }}", waVariables: ["patientName", "reportLink"] } });
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.field)).toEqual(["content.waTemplateName", "content.waVariables.1", "content.waVariables"]);
    expect(result.problems[2]!.message).toContain("{{ reportUrl }}");
    await expectTRPCError(admin.templates.createOverride({ ...draft, content: { body: "Hi" } }), "BAD_REQUEST", /content\.waTemplateName: a WhatsApp template needs/);
    const ok = await staff.templates.validate({ ...draft, content: { waContentSid: `HX${"a".repeat(32)}`, waVariables: ["patientName", "reportUrl"] } });
    expect(ok).toEqual({ valid: true, problems: [] });
  });

  it("requires an email subject and html, refuses fields the channel ignores, and names Liquid errors", async () => {
    const result = await staff.templates.validate({ labId, triggerKey: "REPORT_READY", channel: "EMAIL", language: "en", content: { body: "x", html: "{{ patientName | shout }}" } });
    expect(result.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      "content.body: is not used by EMAIL templates",
      "content.subject: is required for EMAIL templates",
      expect.stringMatching(/^content\.html: undefined filter: shout/),
    ]);
    const sampleOnly = await staff.templates.validate({ labId, triggerKey: "SAMPLE_COLLECTED", channel: "EMAIL", language: "en", content: { subject: "s", html: "h" } });
    expect(sampleOnly.problems).toEqual([
      {
        field: "channel",
        severity: "error",
        message: expect.stringContaining("SAMPLE_COLLECTED is not sent on EMAIL"),
        params: { reason: "channel_not_allowed", trigger: "SAMPLE_COLLECTED", channel: "EMAIL", allowed: expect.not.arrayContaining(["EMAIL"]) },
      },
    ]);
  });
});

describe("template preview", () => {
  it("renders Arabic right to left, with SMS segments and encoding", async () => {
    const sms = (await staff.templates.list({ labId, triggerKey: "REPORT_READY", channel: "SMS" })).find((e) => e.language === "ar")!;
    const preview = await staff.templates.preview({ labId, templateId: sms.platform!.templateId });
    // Arabic is UCS-2 (70 a segment): with a URL, the default report SMS takes two, and says so.
    expect(preview).toMatchObject({ dir: "rtl", language: "ar", sms: { encoding: "UCS-2", segments: 2 } });
    expect(preview.problems).toEqual([
      { field: "content.body", severity: "warning", message: "takes 2 UCS-2 segments with sample values (each is billed)", params: { reason: "sms_segments", segments: 2, encoding: "UCS-2" } },
    ]);
    expect(preview.rendered!.body).toContain("سارة أحمد");

    const email = (await staff.templates.list({ labId, triggerKey: "REPORT_READY", channel: "EMAIL" })).find((e) => e.language === "ar")!;
    const emailPreview = await staff.templates.preview({ labId, templateId: email.platform!.templateId, variables: { patientName: "ليلى" } });
    expect(emailPreview.rendered!.html).toMatch(/^<div dir="rtl" lang="ar"><p>عزيزي\/عزيزتي ليلى،<\/p>/);
  });

  it("escapes HTML in an email draft and reports what cannot render", async () => {
    const draft = { triggerKey: "REPORT_READY", channel: "EMAIL" as const, language: "en" as const, content: { subject: "For {{ patientName }}", html: "<p>{{ patientName }}</p>" } };
    const preview = await staff.templates.preview({ labId, draft, variables: { patientName: "<img src=x onerror=alert(1)>" } });
    expect(preview.rendered).toEqual({ subject: "For <img src=x onerror=alert(1)>", html: "<p>&lt;img src=x onerror=alert(1)&gt;</p>" });
    expect(preview.dir).toBe("ltr");

    const broken = await staff.templates.preview({ labId, draft: { ...draft, content: { subject: "x", html: "{% include 'secrets' %}" } } });
    expect(broken.rendered).toBeNull();
    expect(broken.problems).toEqual([{ field: "content.html", severity: "error", message: expect.stringContaining("secrets"), params: { reason: "liquid_syntax", detail: expect.stringContaining("secrets") } }]);
    await expectTRPCError(staff.templates.preview({ labId }), "BAD_REQUEST", /templateId: give either a templateId or a draft/);
  });
});
