import type { TPrincipal } from "@/server/access/principal";
import type { Db } from "@/server/db";
import { changeCampaignStatus } from "@/server/services/campaigns/change-campaign-status";
import { findCampaign } from "@/server/services/campaigns/find-campaign";

export type TCampaignControlOptions = { db: Db; principal: TPrincipal; lab: { id: string; organizationId: string }; campaignId: string };

/**
 * Stops a running or scheduled campaign taking more rows; its next step sees the pause and ends the
 * run. Messages already handed to delivery go on. Audited (`campaign.pause`).
 */
export async function pauseCampaign({ db, principal, lab, campaignId }: TCampaignControlOptions) {
  await changeCampaignStatus({ db, principal, lab, campaignId, action: "campaign.pause", from: ["RUNNING", "SCHEDULED"], to: "PAUSED" });
  return findCampaign(db, { labId: lab.id, campaignId });
}
