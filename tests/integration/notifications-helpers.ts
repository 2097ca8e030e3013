// Shared set-up of the send-flow tests: a lab with its callers, and a trigger
// with templates made for one test (the catalogue is global and test files
// share one database, so every trigger key is unique).
import type { Channel, Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { PLATFORM_SCOPE } from "@/server/services/templates/template-scope";
import { callerFor, makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";

export type TLabSettingsForTest = Partial<Pick<Prisma.LabUpdateInput, "hardStop" | "timezone" | "quietHoursStart" | "quietHoursEnd" | "defaultLanguage" | "country">>;

/** A lab with an admin, a staff member and an API key, and a caller for each. */
export async function makeSendingLab(settings: TLabSettingsForTest = {}) {
  const { labs } = await makeOrgWithLabs(1);
  const lab = await db().lab.update({ where: { id: labs[0]!.id }, data: { country: "SA", defaultLanguage: "en", quietHoursStart: null, quietHoursEnd: null, ...settings } });
  const admin = await makeUser({ labId: lab.id, role: "LAB_ADMIN" });
  const staff = await makeUser({ labId: lab.id, role: "LAB_STAFF" });
  const key = await makeApiKey(lab.id);
  return { lab, labId: lab.id, admin: callerFor(admin.principal), staff: callerFor(staff.principal), api: callerFor(key.principal), keyPrincipal: key.principal };
}

type TContent = { body?: string; subject?: string; html?: string; text?: string; waTemplateName?: string; waVariables?: string[] };

/** Default content per channel and language; every template uses patientName and reportId. */
export const CONTENT: Record<Channel, Record<"en" | "ar", TContent>> = {
  SMS: {
    en: { body: "Hello {{ patientName }}, report {{ reportId }} is ready." },
    ar: { body: "مرحبا {{ patientName }}، التقرير {{ reportId }} جاهز." },
  },
  WHATSAPP: {
    en: { body: "Hello {{ patientName }}, report {{ reportId }} is ready.", waTemplateName: "report_ready", waVariables: ["patientName", "reportId"] },
    ar: { body: "مرحبا {{ patientName }}، التقرير {{ reportId }} جاهز.", waTemplateName: "report_ready", waVariables: ["patientName", "reportId"] },
  },
  EMAIL: {
    en: { subject: "Report {{ reportId }}", html: "<p>Dear {{ patientName }}, report {{ reportId }} is ready.</p>", text: "Dear {{ patientName }}, report {{ reportId }} is ready." },
    ar: { subject: "التقرير {{ reportId }}", html: "<p>عزيزي {{ patientName }}، التقرير {{ reportId }} جاهز.</p>", text: "عزيزي {{ patientName }}، التقرير {{ reportId }} جاهز." },
  },
};

export const VARIABLES = { patientName: "Sara", reportId: "R-1001" };

export type TMakeTriggerOptions = {
  channels?: Channel[];
  category?: string;
  critical?: boolean;
  /** Platform templates per channel; English and Arabic for every channel unless given. */
  languages?: ("en" | "ar")[];
  /** Channels enabled for these labs (LabTrigger rows); every channel by default. */
  enableFor?: string[];
  enabledChannels?: Channel[];
};

/** A trigger unique to the caller, with platform templates and enabled for the given labs. */
export async function makeTrigger(options: TMakeTriggerOptions = {}) {
  const key = `T_${uniq().toUpperCase()}`;
  const channels = options.channels ?? ["SMS", "WHATSAPP", "EMAIL"];
  await db().trigger.create({
    data: { key, name: key, category: options.category ?? "results", channels, critical: options.critical ?? false, variables: ["patientName", "reportId"] },
  });
  for (const channel of channels) {
    for (const language of options.languages ?? ["en", "ar"]) await addTemplate({ triggerKey: key, channel, language, content: CONTENT[channel][language] });
  }
  const enabledChannels = options.enabledChannels ?? channels;
  for (const labId of options.enableFor ?? []) {
    await db().labTrigger.createMany({ data: enabledChannels.map((channel) => ({ labId, triggerKey: key, channel, enabled: true })) });
  }
  return key;
}

/** A template with one version: the platform default, or a lab's override when labId is given. */
export async function addTemplate(options: { triggerKey: string; channel: Channel; language: string; content: TContent; labId?: string }) {
  const { triggerKey, channel, language, content, labId } = options;
  return db().template.create({
    data: {
      scope: labId ?? PLATFORM_SCOPE,
      labId: labId ?? null,
      triggerKey,
      channel,
      language,
      currentVersion: 1,
      versions: { create: { version: 1, ...content, waLanguage: content.waTemplateName ? language : null, waVariables: content.waVariables ?? [] } },
    },
    include: { versions: true },
  });
}

/**
 * Inline recipient fields for a new contact: a Saudi mobile (the labs' country
 * is SA) ending in 7, so it never hits a sandbox failure convention (0000, 1111, ...).
 */
export function newRecipient(overrides: Record<string, string> = {}) {
  const u = uniq();
  const digits = String(parseInt(u, 16) % 1_000_000).padStart(6, "0");
  return { externalId: `p-${u}`, name: `Patient ${u}`, phone: `+96650${digits}7`, email: `p-${u}@example.test`, ...overrides };
}

export const messagesOf = (labId: string) => db().message.findMany({ where: { labId }, include: { events: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
