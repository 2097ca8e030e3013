import { ZCampaignMapping, type TCampaignMapping } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import type { TCampaignRecord } from "@/server/services/campaigns/find-campaign";

export type TConfiguredCampaign = TCampaignRecord & { triggerKey: string; mapping: TCampaignMapping };

/** The campaign with its settings, or PRECONDITION_FAILED when no mapping has been set yet. */
export function configuredCampaign(campaign: TCampaignRecord): TConfiguredCampaign {
  if (campaign.triggerKey === null || campaign.mapping === null) {
    throw new AppError("PRECONDITION_FAILED", "choose the trigger, channels and column mapping first (campaigns.configure)", "campaignId");
  }
  return { ...campaign, triggerKey: campaign.triggerKey, mapping: ZCampaignMapping.parse(campaign.mapping) };
}
