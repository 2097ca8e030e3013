import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";

/** A campaign of this lab, or NOT_FOUND: another lab's campaign is as unknown as one that does not exist. */
export async function findCampaign(db: Db, { labId, campaignId }: { labId: string; campaignId: string }) {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, labId } });
  if (!campaign) throw new AppError("NOT_FOUND", "no campaign with this id in the lab", "campaignId");
  return campaign;
}

export type TCampaignRecord = Awaited<ReturnType<typeof findCampaign>>;
