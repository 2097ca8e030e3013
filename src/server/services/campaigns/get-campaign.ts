import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { campaignSelect } from "@/server/services/campaigns/campaign-view";
import { getCampaignProgress } from "@/server/services/campaigns/get-campaign-progress";

/** A campaign with its exact progress, for the live view. */
export async function getCampaign({ db, labId, campaignId }: { db: Db; labId: string; campaignId: string }) {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, labId }, select: campaignSelect });
  if (!campaign) throw new AppError("NOT_FOUND", "no campaign with this id in the lab", "campaignId");
  return { ...campaign, progress: await getCampaignProgress(db, { campaignId, channels: campaign.channels.length }) };
}
