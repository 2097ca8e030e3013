import { describe, expect, it, vi } from "vitest";
import { partnerVariables } from "@/server/services/partners/plan-partner-sends";
import type { TResolvedTemplate } from "@/server/domain/notifications";
import { MissingVariableError, TemplateRenderError, renderDraft, renderTemplate } from "@/server/services/templates/render-template";
import { plainLiquid } from "@/server/services/templates/liquid-engine";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { pickTemplate } from "@/server/services/templates/pick-template";

let versions = 0;
function template(overrides: Partial<TResolvedTemplate>): TResolvedTemplate {
  versions += 1;
  return {
    templateId: `t${versions}`,
    versionId: `v${versions}`,
    version: 1,
    scope: "platform",
    triggerKey: "REPORT_READY",
    channel: "SMS",
    language: "en",
    body: null,
    subject: null,
    html: null,
    text: null,
    waTemplateName: null,
    waContentSid: null,
    waLanguage: null,
    waVariables: [],
    ...overrides,
  };
}

describe("renderTemplate", () => {
  it("renders an SMS with its segments and encoding", () => {
    const sms = template({ body: "Hello {{ patientName }}, your report from {{ labName }} is ready: {{ reportUrl }}" });
    expect(renderTemplate(sms, { patientName: "Sara", labName: "Demo Lab", reportUrl: "https://r.example/1" })).toEqual({
      body: "Hello Sara, your report from Demo Lab is ready: https://r.example/1",
      segments: 1,
      encoding: "GSM-7",
    });
  });

  it("renders Arabic SMS as UCS-2", () => {
    const sms = template({ language: "ar", body: "مرحبا {{ patientName }}، تقريرك جاهز" });
    expect(renderTemplate(sms, { patientName: "سارة" })).toMatchObject({ body: "مرحبا سارة، تقريرك جاهز", encoding: "UCS-2", segments: 1 });
  });

  it("throws MissingVariableError naming the variable, also for null values", () => {
    const sms = template({ body: "Hello {{ patientName }}, code {{ otpCode }}" });
    expect(() => renderTemplate(sms, { patientName: "Sara" })).toThrow(MissingVariableError);
    try {
      renderTemplate(sms, { patientName: "Sara", otpCode: null });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MissingVariableError);
      expect((error as MissingVariableError).variable).toBe("otpCode");
      expect((error as MissingVariableError).message).toContain("otpCode");
    }
  });

  it("refuses unknown filters (strict filters)", () => {
    expect(() => renderTemplate(template({ body: "{{ patientName | shout }}" }), { patientName: "x" })).toThrow(TemplateRenderError);
    expect(() => renderTemplate(template({ body: "{{ patientName | shout }}" }), { patientName: "x" })).toThrow(/undefined filter: shout/);
  });

  it("cannot read files through include or render", () => {
    expect(() => renderTemplate(template({ body: "{% include '/etc/passwd' %}" }), {})).toThrow(TemplateRenderError);
    expect(() => renderTemplate(template({ body: "{% render 'secrets' %}" }), {})).toThrow(TemplateRenderError);
  });

  it("escapes HTML in email html but not in the subject or text", () => {
    const email = template({ channel: "EMAIL", subject: "Report for {{ patientName }}", html: "<p>Dear {{ patientName }}</p>", text: "Dear {{ patientName }}" });
    expect(renderTemplate(email, { patientName: `<script>alert("x")</script> & Co` })).toEqual({
      subject: `Report for <script>alert("x")</script> & Co`,
      html: "<p>Dear &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co</p>",
      text: `Dear <script>alert("x")</script> & Co`,
    });
  });

  it("renders Arabic email right to left: a fragment is wrapped, a document gets dir on <html>", () => {
    const fragment = template({ channel: "EMAIL", language: "ar", subject: "تقرير", html: "<p>{{ patientName }}</p>" });
    expect(renderTemplate(fragment, { patientName: "سارة" }).html).toBe(`<div dir="rtl" lang="ar"><p>سارة</p></div>`);
    const document = template({ channel: "EMAIL", language: "ar", subject: "تقرير", html: `<!doctype html><html><body>{{ patientName }}</body></html>` });
    expect(renderTemplate(document, { patientName: "سارة" }).html).toBe(`<!doctype html><html dir="rtl" lang="ar"><body>سارة</body></html>`);
    const english = template({ channel: "EMAIL", language: "en", subject: "Report", html: "<p>{{ patientName }}</p>" });
    expect(renderTemplate(english, { patientName: "Sara" }).html).toBe("<p>Sara</p>");
  });

  it("fills WhatsApp parameters in the binding's order, stringified", () => {
    const wa = template({ channel: "WHATSAPP", waTemplateName: "bill_receipt", waVariables: ["patientName", "amount", "currency"] });
    expect(renderTemplate(wa, { currency: "SAR", amount: 150.5, patientName: "Sara" })).toEqual({ waParameters: ["Sara", "150.5", "SAR"] });
    expect(() => renderTemplate(wa, { patientName: "Sara", currency: "SAR" })).toThrow(/amount/);
    const withBody = template({ channel: "WHATSAPP", body: "Hi {{ patientName }}", waVariables: ["patientName"] });
    expect(renderTemplate(withBody, { patientName: "Sara" })).toEqual({ body: "Hi Sara", waParameters: ["Sara"] });
  });

  it("renders the same version many times from its cached parse", () => {
    const sms = template({ body: "Code {{ otpCode }}" });
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) expect(renderTemplate(sms, { otpCode: String(i) }).body).toBe(`Code ${i}`);
    // Generous: parsing every time would take several times longer on these machines.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

// A saved version's text-and-variables fields are joined directly; drafts always go through LiquidJS.
// The two must never differ, whatever the template or the values.
describe("renderTemplate's direct rendering of text and variables", () => {
  const values = [
    "Sara",
    `<b>Tom & "Jerry"</b> it's`,
    "سارة & <أحمد>",
    "&amp; already escaped",
    "",
    "{{ not a tag }}",
    "a\nnew line",
    "x".repeat(2000),
  ];
  const scalars: unknown[] = [0, -0, 1.5, 12345678901234567890, Number.NaN, true, false];

  it("renders every field of the shipped catalogue exactly as LiquidJS does", async () => {
    const catalogue = await loadCatalogueFile();
    let compared = 0;
    for (const shipped of catalogue.templates) {
      const names = catalogue.triggers.find((t) => t.key === shipped.trigger)!.variables;
      for (const [n, value] of [...values, ...scalars].entries()) {
        const event = Object.fromEntries(names.map((name, i) => [name, i % 2 === n % 2 ? value : `${name}-${n}`]));
        // A partner template speaks of the partner and its events, not of one patient's.
        const variables = shipped.audience === "PARTNER" ? partnerVariables(String(value), `contact-${n}`, [event, event]) : event;
        const saved = template({ channel: shipped.channel, language: shipped.language, body: shipped.body ?? null, subject: shipped.subject ?? null, html: shipped.html ?? null, text: shipped.text ?? null, waVariables: shipped.waVariables ?? [] });
        expect(renderTemplate(saved, variables)).toEqual(renderDraft(saved, variables));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("leaves filters, tags, paths and values that are not text to LiquidJS, with the same result", () => {
    const variables = { name: `<i>Ann</i>`, code: 4821, when: new Date("2026-05-01T10:00:00Z"), list: ["a", "<b>"], patient: { name: "Bo" }, yes: true };
    const bodies = [
      "{{ name | upcase }}",
      "{% if yes %}{{ name }}{% endif %}",
      "{{ patient.name }}-{{ patient['name'] }}",
      "{{ when }} {{ list }} {{ code }}",
      "{{ 'literal' }}{{ 42 }}",
      "{{- name -}}  and  {{ code }}",
    ];
    for (const body of bodies) {
      for (const channel of ["SMS", "EMAIL"] as const) {
        const saved = channel === "SMS" ? template({ body }) : template({ channel, subject: body, html: `<p>${body}</p>`, text: body });
        expect(renderTemplate(saved, variables)).toEqual(renderDraft(saved, variables));
      }
    }
  });

  it("reports a missing variable the same way on either path", () => {
    const saved = template({ channel: "EMAIL", subject: "Hi {{ name }}", html: "<p>{{ name }} {{ code }}</p>" });
    for (const render of [renderTemplate, renderDraft]) {
      expect(() => render(saved, { name: "Ann" })).toThrow(new MissingVariableError("code", "html"));
    }
    const objectValue = { name: "Ann", code: { toString: () => "<x>" } };
    expect(renderTemplate(saved, objectValue)).toEqual(renderDraft(saved, objectValue));
  });

  it("joins a saved text-and-variables field without LiquidJS, and hands it anything else", () => {
    const render = vi.spyOn(plainLiquid, "renderSync");
    try {
      const saved = template({ body: "Hello {{ patientName }}, code {{ otpCode }}" });
      expect(renderTemplate(saved, { patientName: "Sara", otpCode: 4821 }).body).toBe("Hello Sara, code 4821");
      expect(render).not.toHaveBeenCalled();
      expect(renderTemplate(saved, { patientName: ["Sa", "ra"], otpCode: 4821 }).body).toBe("Hello Sara, code 4821");
      expect(render).toHaveBeenCalledTimes(1);
      expect(renderTemplate(template({ body: "{{ patientName | upcase }}" }), { patientName: "Sara" }).body).toBe("SARA");
      expect(render).toHaveBeenCalledTimes(2);
    } finally {
      render.mockRestore();
    }
  });
});

describe("pickTemplate", () => {
  const platformEn = template({ language: "en" });
  const platformAr = template({ language: "ar" });
  const labAr = template({ language: "ar", scope: "lab" });
  const otherTrigger = template({ language: "fr", triggerKey: "OTP" });
  const email = template({ language: "fr", channel: "EMAIL" });
  const candidates = [platformEn, platformAr, labAr, otherTrigger, email];
  const pick = (languages: (string | null | undefined)[]) => pickTemplate(candidates, { triggerKey: "REPORT_READY", channel: "SMS", languages });

  it("takes the first language in the caller's order that has a template, the lab override first", () => {
    expect(pick(["ar", "en"])).toBe(labAr);
    expect(pick(["fr", null, undefined, "en", "ar"])).toBe(platformEn);
    expect(pick([null, "hi", "hi", "ar"])).toBe(labAr);
  });

  it("ignores other triggers and channels, and returns null when nothing matches", () => {
    expect(pick(["fr"])).toBeNull();
    expect(pickTemplate(candidates, { triggerKey: "OTP", channel: "SMS", languages: ["en"] })).toBeNull();
  });

  it("falls back to the platform default when the lab has no override in that language", () => {
    expect(pickTemplate([platformAr, platformEn], { triggerKey: "REPORT_READY", channel: "SMS", languages: ["ar"] })).toBe(platformAr);
  });
});
