import type { Db } from "@/server/db";
import { cancelCampaignMessages } from "@/server/services/campaigns/cancel-campaign-messages";
import { changeCampaignStatus } from "@/server/services/campaigns/change-campaign-status";
import { findCampaign } from "@/server/services/campaigns/find-campaign";
import type { TCampaignControlOptions } from "@/server/services/campaigns/pause-campaign";

/**
 * Ends a campaign for good: rows not yet taken are marked cancelled with the status (one
 * transaction), then its messages no provider has yet are cancelled. Audited (`campaign.cancel`).
 */
export async function cancelCampaign({ db, principal, lab, campaignId, now = new Date() }: TCampaignControlOptions & { now?: Date }) {
  await changeCampaignStatus({
    db,
    principal,
    lab,
    campaignId,
    action: "campaign.cancel",
    from: ["DRAFT", "SCHEDULED", "RUNNING", "PAUSED"],
    to: "CANCELLED",
    set: { cancelledAt: now },
    alsoInTransaction: async (tx) => {
      await tx.$executeRaw`UPDATE "CampaignRow" SET status = 'CANCELLED' WHERE "campaignId" = ${campaignId} AND status IN ('PENDING', 'READY', 'SKIPPED')`;
    },
  });
  const messagesCancelled = await cancelCampaignMessages(db, { labId: lab.id, campaignId, principal });
  return { campaign: await findCampaign(db, { labId: lab.id, campaignId }), messagesCancelled };
}
