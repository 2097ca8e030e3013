import type { TPrincipal } from "@/server/access/principal";
import type { Db } from "@/server/db";
import type { TCampaignSummary } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { campaignLane } from "@/server/services/campaigns/campaign-lane";
import { changeCampaignStatus } from "@/server/services/campaigns/change-campaign-status";
import { findCampaign } from "@/server/services/campaigns/find-campaign";

export type TStartCampaignOptions = { db: Db; principal: TPrincipal; lab: { id: string; organizationId: string }; campaignId: string; sendAt?: Date; now?: Date };

/**
 * Sends a validated draft now, or schedules it for `sendAt`: its first step is queued in the same
 * transaction as the status, so a started campaign always has a step to run. Starting a campaign
 * already started changes nothing (a retried click starts no second run). Audited (`campaign.start`).
 */
export async function startCampaign({ db, principal, lab, campaignId, sendAt, now = new Date() }: TStartCampaignOptions) {
  const campaign = await findCampaign(db, { labId: lab.id, campaignId });
  if (campaign.status === "DRAFT") {
    if (campaign.validatedAt === null || campaign.summary === null) {
      throw new AppError("PRECONDITION_FAILED", "the rows have not been validated against the current mapping: configure the campaign first", "campaignId");
    }
    const summary = campaign.summary as TCampaignSummary;
    if (summary.ready + summary.skipped === 0) throw new AppError("PRECONDITION_FAILED", "no row can be sent: every row was rejected", "campaignId");
  }
  const scheduled = sendAt !== undefined && sendAt.getTime() > now.getTime();
  await changeCampaignStatus({
    db,
    principal,
    lab,
    campaignId,
    action: "campaign.start",
    from: ["DRAFT"],
    to: scheduled ? "SCHEDULED" : "RUNNING",
    set: { sendAt: sendAt ?? null, ...(!scheduled && { startedAt: now }) },
    alsoInTransaction: (tx) => campaignLane().scheduleInTransaction(tx, { campaignId, labId: lab.id, ...(scheduled && { runAt: sendAt }) }),
    diff: scheduled ? { sendAt: sendAt.toISOString() } : {},
  });
  return findCampaign(db, { labId: lab.id, campaignId });
}
