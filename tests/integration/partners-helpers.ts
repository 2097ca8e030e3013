// Shared set-up of the partner tests: a sending lab with the catalogue's triggers on, and a partner
// with two contacts (one English by email and SMS, one Arabic by SMS, who only hears of reports).
import { db } from "@/server/db";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import type { TPartnerRuleFields } from "@/server/domain/partners";
import { uniq } from "../helpers/fixtures";
import { makeSendingLab, type TLabSettingsForTest } from "./notifications-helpers";

export const REPORT = { patientName: "Sara Ahmed", labName: "Al Noor", reportUrl: "https://reports.example.com/r/1" };

export async function makePartnerLab(settings: TLabSettingsForTest = {}) {
  await syncCatalogue(db(), await loadCatalogueFile());
  const lab = await makeSendingLab(settings);
  await enableAllTriggers(db(), lab.labId);
  return lab;
}

export async function makePartner(lab: Awaited<ReturnType<typeof makePartnerLab>>, rule: Omit<TPartnerRuleFields, "triggerKey"> & { triggerKey?: string }, timezone?: string) {
  const externalId = `clinic-${uniq()}`;
  const partner = await lab.admin.partners.create({ labId: lab.labId, name: "Al Salam Clinic", type: "CLINIC", externalId, timezone });
  const desk = `desk-${uniq()}@clinic.example`;
  await lab.admin.partners.saveContact({ labId: lab.labId, partnerId: partner.id, name: "Front desk", email: desk, phone: "0501110001", language: "en", channels: ["EMAIL", "SMS"] });
  await lab.admin.partners.saveContact({ labId: lab.labId, partnerId: partner.id, name: "د. عمر", phone: "0501110002", language: "ar", channels: ["SMS"], triggers: ["REPORT_READY"] });
  await lab.admin.partners.setRule({ labId: lab.labId, partnerId: partner.id, rule: { triggerKey: "REPORT_READY", ...rule } });
  const full = await lab.admin.partners.get({ labId: lab.labId, partnerId: partner.id });
  return { partner: full, externalId, desk, deskContactId: full.contacts[0]!.contact.id, doctorContactId: full.contacts[1]!.contact.id };
}
