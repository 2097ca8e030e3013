import type { Db } from "@/server/db";
import { campaignLane } from "@/server/services/campaigns/campaign-lane";
import { changeCampaignStatus } from "@/server/services/campaigns/change-campaign-status";
import { findCampaign } from "@/server/services/campaigns/find-campaign";
import type { TCampaignControlOptions } from "@/server/services/campaigns/pause-campaign";

/**
 * A paused campaign goes on from the first row it had not taken (or waits for its time again, if it
 * was paused before it started), with a new step queued in the same transaction. Audited
 * (`campaign.resume`).
 */
export async function resumeCampaign({ db, principal, lab, campaignId, now = new Date() }: TCampaignControlOptions & { now?: Date }) {
  const campaign = await findCampaign(db, { labId: lab.id, campaignId });
  const waiting = campaign.status === "PAUSED" && campaign.startedAt === null && campaign.sendAt !== null && campaign.sendAt.getTime() > now.getTime();
  await changeCampaignStatus({
    db,
    principal,
    lab,
    campaignId,
    action: "campaign.resume",
    from: ["PAUSED"],
    to: waiting ? "SCHEDULED" : "RUNNING",
    set: waiting ? {} : { startedAt: now },
    alsoInTransaction: (tx) => campaignLane().scheduleInTransaction(tx, { campaignId, labId: lab.id, ...(waiting && { runAt: campaign.sendAt! }) }),
  });
  return findCampaign(db, { labId: lab.id, campaignId });
}
