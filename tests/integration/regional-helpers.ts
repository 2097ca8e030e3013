// Shared by the regional providers' pipeline tests: a WhatsApp template version bound to a provider
// template, and messages that render it, as the send flow writes them.
import { db } from "@/server/db";
import { uniq } from "../helpers/fixtures";
import { insertMessages, phone } from "./delivery-helpers";

/** A lab-scoped trigger and WhatsApp template version bound to `waTemplateName` with ordered variables. */
export async function boundWhatsAppTemplate(labId: string, waVariables = ["patientName", "reportId"], extra: { waTemplateName?: string } = {}) {
  const key = `T_${uniq().toUpperCase()}`;
  await db().trigger.create({ data: { key, name: key, category: "results", channels: ["WHATSAPP"], variables: waVariables } });
  const template = await db().template.create({
    data: {
      scope: labId, labId, triggerKey: key, channel: "WHATSAPP", language: "en",
      versions: { create: { version: 1, body: "Hello {{ patientName }}", waTemplateName: extra.waTemplateName ?? "report_ready", waLanguage: "en", waVariables } },
    },
    include: { versions: true },
  });
  return { triggerKey: key, templateVersionId: template.versions[0]!.id };
}

/** QUEUED WhatsApp messages rendering a bound template, one per number. */
export async function whatsAppTemplateMessages(labId: string, numbers: string[] = [phone()]) {
  const bound = await boundWhatsAppTemplate(labId);
  return insertMessages(labId, numbers.map((to) => ({ channel: "WHATSAPP" as const, to, ...bound, variables: { patientName: "Sara", reportId: "R-1" } })));
}
