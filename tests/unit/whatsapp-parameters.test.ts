import { describe, expect, it } from "vitest";
import { whatsAppParameter } from "@/server/domain/whatsapp-parameters";
import type { TResolvedTemplate } from "@/server/domain/notifications";
import { buildOutgoingMessage } from "@/server/services/delivery/build-outgoing-message";
import type { TClaimedMessage } from "@/server/services/delivery/claim-messages";
import { partnerVariables } from "@/server/services/partners/plan-partner-sends";
import { MissingVariableError, renderDraft } from "@/server/services/templates/render-template";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";

const report = (patientName: string, n: number) => ({ patientName, labName: "Al Noor", reportUrl: `https://r.example/${n}` });

describe("WhatsApp parameters", () => {
  it("a variable's own value wins; a partner message's event variable lists every event's value in order", () => {
    const events = [report("Amal", 1), report("Badr", 2)];
    expect(whatsAppParameter("Al Salam", events, "partnerName", "en")).toBe("Al Salam");
    expect(whatsAppParameter(undefined, events, "patientName", "en")).toBe("Amal, Badr");
    expect(whatsAppParameter(2, events, "eventCount", "en")).toBe("2");
    expect(whatsAppParameter(undefined, [{ n: new Date("2026-05-01T10:00:00Z") }], "n", "en")).toBe("2026-05-01T10:00:00.000Z");
  });

  it("joins the events' values with the comma of the template's language", () => {
    const events = [report("أمل", 1), report("بدر", 2)];
    expect(whatsAppParameter(undefined, events, "patientName", "ar")).toBe("أمل، بدر");
    expect(whatsAppParameter(undefined, events, "patientName", "ar-SA")).toBe("أمل، بدر");
    expect(whatsAppParameter(undefined, events, "patientName", "fa")).toBe("أمل، بدر");
    expect(whatsAppParameter(undefined, events, "patientName", "fr")).toBe("أمل, بدر");
    expect(whatsAppParameter(undefined, events, "patientName", "arn")).toBe("أمل, بدر");
  });

  it("has no value when the variable is missing, or one event lacks it: never a gap in the list", () => {
    expect(whatsAppParameter(undefined, undefined, "patientName", "en")).toBeUndefined();
    expect(whatsAppParameter(null, [], "patientName", "en")).toBeUndefined();
    expect(whatsAppParameter(undefined, [report("Amal", 1), { labName: "Al Noor" }], "patientName", "en")).toBeUndefined();
    expect(whatsAppParameter(undefined, [report("Amal", 1), { patientName: null }], "patientName", "en")).toBeUndefined();
  });

  it("the shipped partner WhatsApp templates: the body says what the parameters carry, and dispatch hands the provider the same parameters", async () => {
    const catalogue = await loadCatalogueFile();
    const shipped = catalogue.templates.filter((t) => t.audience === "PARTNER" && t.channel === "WHATSAPP");
    expect(shipped.map((t) => `${t.trigger}/${t.language}`)).toEqual(["REPORT_READY/en", "REPORT_READY/ar", "BILL_RECEIPT/en", "BILL_RECEIPT/ar"]);
    for (const t of shipped) {
      const names = catalogue.triggers.find((trigger) => trigger.key === t.trigger)!.variables;
      const events = [1, 2].map((n) => Object.fromEntries(names.map((name) => [name, `${name}-${n}`])));
      const variables = partnerVariables("Al Salam Clinic", "Front desk", events);
      const saved = { channel: "WHATSAPP" as const, language: t.language, body: t.body ?? null, subject: null, html: null, text: null, waVariables: t.waVariables ?? [] };
      const rendered = renderDraft(saved, variables);
      expect(rendered.waParameters![0]).toBe("Al Salam Clinic");
      expect(rendered.waParameters![1]).toBe("2");
      for (const parameter of rendered.waParameters!) expect(rendered.body).toContain(parameter);

      const claimed = { id: "m1", channel: "WHATSAPP", triggerKey: t.trigger, to: "+966501110011", body: rendered.body!, variables, templateVersionId: "v1" } as unknown as TClaimedMessage;
      const binding = { waTemplateName: t.waTemplateName ?? null, waContentSid: null, waLanguage: t.waLanguage ?? null, waVariables: t.waVariables ?? [], language: t.language };
      const built = buildOutgoingMessage(claimed, new Map([["v1", binding]]));
      expect(built).toMatchObject({ ok: true, message: { template: { name: t.waTemplateName, language: t.language, parameters: rendered.waParameters } } });
    }
  });

  it("a partner template renders no WhatsApp message with an event missing a bound variable", () => {
    const saved: Pick<TResolvedTemplate, "channel" | "language" | "body" | "subject" | "html" | "text" | "waVariables"> = {
      channel: "WHATSAPP", language: "en", body: null, subject: null, html: null, text: null, waVariables: ["partnerName", "reportUrl"],
    };
    const variables = partnerVariables("Al Salam Clinic", null, [report("Amal", 1), { patientName: "Badr" }]);
    expect(() => renderDraft(saved, variables)).toThrow(MissingVariableError);
    expect(() => renderDraft(saved, variables)).toThrow("waVariables: missing variable {{ reportUrl }}");
  });
});
