import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let adminUser: Awaited<ReturnType<typeof makeUser>>;
let admin: ReturnType<typeof callerFor>;
let staff: ReturnType<typeof callerFor>;

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  adminUser = await makeUser({ labId, role: "LAB_ADMIN" });
  admin = callerFor(adminUser.principal);
  staff = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
});

/** An SMS override of REPORT_READY with one version per body, the last current. */
async function overrideWith(language: "en" | "ar" | "hi" | "ur" | "fr", bodies: string[]) {
  const { template } = await admin.templates.createOverride({ labId, triggerKey: "REPORT_READY", channel: "SMS", language, content: { body: bodies[0]! } });
  for (const body of bodies.slice(1)) await admin.templates.update({ labId, templateId: template.id, content: { body } });
  return template.id;
}

describe("template version history", () => {
  it("pages versions newest first, with their author and the fields each changed", async () => {
    const bodies = Array.from({ length: 5 }, (_, i) => `Report ${i + 1} for {{ patientName }}: {{ reportUrl }}`);
    const templateId = await overrideWith("en", bodies);

    const first = await staff.templates.versions({ labId, templateId, limit: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((v) => [v.version, v.current, v.changed])).toEqual([
      [5, true, ["body"]],
      [4, false, ["body"]],
    ]);
    expect(first.items[0]!.createdBy).toEqual({ name: adminUser.user.name, email: adminUser.user.email });
    const second = await staff.templates.versions({ labId, templateId, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((v) => v.version)).toEqual([3, 2]);
    const last = await staff.templates.versions({ labId, templateId, limit: 2, cursor: second.nextCursor! });
    expect(last).toMatchObject({ items: [{ version: 1, changed: [] }], nextCursor: null });
  });

  it("diffs any two versions field by field, by word for an SMS body", async () => {
    const templateId = await overrideWith("fr", ["Bonjour {{ patientName }}, rapport: {{ reportUrl }}", "Bonjour {{ patientName }}, votre rapport est prêt: {{ reportUrl }}"]);
    const diff = await staff.templates.diff({ labId, templateId, from: 1, to: 2 });
    expect(diff).toMatchObject({ from: { version: 1 }, to: { version: 2 } });
    expect(diff.fields).toHaveLength(1);
    const body = diff.fields[0]!;
    expect(body).toMatchObject({ field: "body", changed: true });
    expect(body.parts.filter((p) => p.kind === "added").map((p) => p.value.trim())).toEqual(["votre", "est prêt"]);
    // Joining what stays with what went gives the older version, with what came in the newer.
    expect(body.parts.filter((p) => p.kind !== "added").map((p) => p.value).join("")).toBe("Bonjour {{ patientName }}, rapport: {{ reportUrl }}");
    expect(body.parts.filter((p) => p.kind !== "removed").map((p) => p.value).join("")).toBe("Bonjour {{ patientName }}, votre rapport est prêt: {{ reportUrl }}");

    const same = await staff.templates.diff({ labId, templateId, from: 2, to: 2 });
    expect(same.fields).toEqual([{ field: "body", changed: false, parts: [{ kind: "same", value: "Bonjour {{ patientName }}, votre rapport est prêt: {{ reportUrl }}" }] }]);
  });

  it("diffs email HTML by line and WhatsApp variables by position", async () => {
    const html = (line: string) => `<p>Dear {{ patientName }},</p>\n<p>${line}</p>\n<p>{{ reportUrl }}</p>\n`;
    const { template } = await admin.templates.createOverride({ labId, triggerKey: "REPORT_READY", channel: "EMAIL", language: "ar", content: { subject: "Report", html: html("Ready.") } });
    await admin.templates.update({ labId, templateId: template.id, content: { subject: "Report", html: html("Your report is ready."), text: "{{ reportUrl }}" } });
    const email = await staff.templates.diff({ labId, templateId: template.id, from: 1, to: 2 });
    expect(email.fields.map((f) => [f.field, f.changed])).toEqual([
      ["subject", false],
      ["html", true],
      ["text", true],
    ]);
    expect(email.fields[1]!.parts).toEqual([
      { kind: "same", value: "<p>Dear {{ patientName }},</p>\n" },
      { kind: "removed", value: "<p>Ready.</p>\n" },
      { kind: "added", value: "<p>Your report is ready.</p>\n" },
      { kind: "same", value: "<p>{{ reportUrl }}</p>\n" },
    ]);

    const sid = `HX${"b".repeat(32)}`;
    const { template: wa } = await admin.templates.createOverride({ labId, triggerKey: "REPORT_READY", channel: "WHATSAPP", language: "ar", content: { waContentSid: sid, waVariables: ["patientName", "reportUrl"] } });
    await admin.templates.update({ labId, templateId: wa.id, content: { waContentSid: sid, waVariables: ["patientName", "labName", "reportUrl"] } });
    const binding = await staff.templates.diff({ labId, templateId: wa.id, from: 1, to: 2 });
    expect(binding.fields.find((f) => f.field === "waVariables")!.parts).toEqual([
      { kind: "same", value: "patientName" },
      { kind: "added", value: "labName" },
      { kind: "same", value: "reportUrl" },
    ]);
  });

  it("restores an older version as a new one, audited; restoring the current one saves nothing", async () => {
    const templateId = await overrideWith("hi", ["Informe {{ reportUrl }}", "Hola {{ patientName }}: {{ reportUrl }}"]);
    const restored = await admin.templates.restore({ labId, templateId, version: 1 });
    expect(restored).toMatchObject({ restored: true, template: { currentVersion: 3, current: { version: 3, body: "Informe {{ reportUrl }}" } } });
    const entry = await db().auditLog.findFirstOrThrow({ where: { labId, targetId: templateId, action: "template.restore" } });
    expect(entry.diff).toEqual({ restoredFrom: 1, version: { from: 2, to: 3 }, changed: ["body"] });
    expect(entry.actorId).toBe(adminUser.user.id);

    const again = await admin.templates.restore({ labId, templateId, version: 1 });
    expect(again).toMatchObject({ restored: false, template: { currentVersion: 3 } });
    expect(await db().templateVersion.count({ where: { templateId } })).toBe(3);
    await expectTRPCError(staff.templates.restore({ labId, templateId, version: 2 }), "FORBIDDEN");
  });

  it("refuses to restore a version the trigger no longer accepts, naming every field at fault", async () => {
    const templateId = await overrideWith("ur", ["Referto {{ patientName }} {{ labName }}: {{ reportUrl }}", "Referto: {{ reportUrl }}"]);
    // The catalogue dropped two variables since version 1 was saved.
    await db().trigger.update({ where: { key: "REPORT_READY" }, data: { variables: ["reportUrl"] } });
    try {
      const error = await expectTRPCError(admin.templates.restore({ labId, templateId, version: 1 }), "BAD_REQUEST");
      expect(error.message).toMatch(/^content\.body: unknown variable \{\{ patientName \}\} .*; content\.body: unknown variable \{\{ labName \}\}/);
      expect(await db().templateVersion.count({ where: { templateId } })).toBe(2);
    } finally {
      await db().trigger.update({ where: { key: "REPORT_READY" }, data: { variables: ["patientName", "labName", "reportUrl"] } });
    }
  });

  it("platform defaults have a history to read but nothing to restore", async () => {
    const platform = (await staff.templates.list({ labId, triggerKey: "OTP", channel: "SMS" }))[0]!.platform!;
    expect((await staff.templates.versions({ labId, templateId: platform.templateId })).items[0]).toMatchObject({ version: platform.currentVersion, current: true, createdBy: null });
    await expectTRPCError(admin.templates.restore({ labId, templateId: platform.templateId, version: 1 }), "FORBIDDEN", /sync-templates/);
  });
});
