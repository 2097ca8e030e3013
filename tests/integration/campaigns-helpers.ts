// Shared set-up of the campaign tests: a lab with sandbox accounts and a trigger of its own, and
// campaigns made through the router as a lab's admin would.
import { db } from "@/server/db";
import type { TCampaignMapping } from "@/server/domain/campaigns";
import { callerFor, makeUser, uniq } from "../helpers/fixtures";
import { email, makeDeliveryLab } from "./delivery-helpers";
import { makeTrigger } from "./notifications-helpers";

export const COLUMNS = ["id", "name", "mobile", "email", "report"];

export const MAPPING: TCampaignMapping = { externalId: "id", name: "name", phone: "mobile", email: "email", variables: { patientName: "name", reportId: "report" } };

/** A lab delivering SMS and email through the sandbox, its admin's and staff's callers, and a trigger on both channels. */
export async function makeCampaignLab() {
  const { lab } = await makeDeliveryLab([{ channel: "SMS" }, { channel: "EMAIL" }]);
  const admin = await makeUser({ labId: lab.id, role: "LAB_ADMIN" });
  const staff = await makeUser({ labId: lab.id, role: "LAB_STAFF" });
  const trigger = await makeTrigger({ enableFor: [lab.id], channels: ["SMS", "EMAIL"] });
  return { lab, labId: lab.id, trigger, admin: callerFor(admin.principal), adminPrincipal: admin.principal, staff: callerFor(staff.principal) };
}

let phoneCount = 0;

/** A Saudi mobile (050: valid whatever follows) no other row of this process has, ending in 7 (no sandbox convention). */
export function phone(): string {
  phoneCount += 1;
  const digits = (parseInt(uniq().slice(0, 5), 16) % 1000).toString().padStart(3, "0") + (phoneCount % 1000).toString().padStart(3, "0");
  return `+96650${digits}7`;
}

/** A good row: a new patient with a phone and an email. */
export function goodRow(index: number): string[] {
  return [`p-${uniq()}`, `Patient ${index}`, phone(), email(`p${index}`), `R-${index}`];
}

/** A draft with these rows, configured (and so validated) for SMS and email. */
export async function makeCampaign(setup: Awaited<ReturnType<typeof makeCampaignLab>>, rows: string[][], options: { channels?: ("SMS" | "EMAIL")[]; mapping?: TCampaignMapping } = {}) {
  const campaign = await setup.admin.campaigns.create({ labId: setup.labId, name: `Campaign ${uniq()}`, columns: COLUMNS });
  for (let start = 0; start < rows.length; start += 1000) {
    await setup.admin.campaigns.appendRows({ labId: setup.labId, campaignId: campaign.id, startRow: start + 1, rows: rows.slice(start, start + 1000) });
  }
  const summary = await setup.admin.campaigns.configure({ labId: setup.labId, campaignId: campaign.id, triggerKey: setup.trigger, channels: options.channels ?? ["SMS", "EMAIL"], mapping: options.mapping ?? MAPPING });
  return { campaignId: campaign.id, summary };
}

/**
 * Drops the campaign's queued steps and dispatch jobs: the tests play the job runner themselves, and
 * an executor of another test file running the app's registry must not run them meanwhile.
 */
export async function forgetCampaignJobs(labId: string): Promise<void> {
  await db().job.deleteMany({ where: { name: { in: ["run-campaign", "dispatch-messages"] }, payload: { path: ["labId"], equals: labId } } });
}

export async function campaignMessageIds(campaignId: string): Promise<string[]> {
  const links = await db().campaignMessage.findMany({ where: { campaignId }, orderBy: [{ rowNumber: "asc" }, { channel: "asc" }] });
  return links.map((link) => link.messageId);
}
