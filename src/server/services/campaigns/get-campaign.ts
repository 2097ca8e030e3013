import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { campaignSelect } from "@/server/services/campaigns/campaign-view";
import { getCampaignPace } from "@/server/services/campaigns/campaign-pace";
import { getCampaignProgress } from "@/server/services/campaigns/get-campaign-progress";

/** A campaign with its exact progress and the lab's campaign pace, for the live view. */
export async function getCampaign({ db, labId, campaignId }: { db: Db; labId: string; campaignId: string }) {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, labId }, select: campaignSelect });
  if (!campaign) throw new AppError("NOT_FOUND", "no campaign with this id in the lab", "campaignId");
  const [progress, pace] = await Promise.all([getCampaignProgress(db, { campaignId, channels: campaign.channels.length }), getCampaignPace(db, { labId })]);
  return { ...campaign, progress, pace };
}
