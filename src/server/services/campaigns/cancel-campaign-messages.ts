import type { TPrincipal } from "@/server/access/principal";
import { sqlOf, type Db } from "@/server/db";
import { cancelMessages } from "@/server/services/delivery/cancel-messages";

const PAGE = 5000;

/** Cancels the campaign's messages no provider has been handed yet, a page at a time; returns how many. */
export async function cancelCampaignMessages(db: Db, { labId, campaignId, principal }: { labId: string; campaignId: string; principal: TPrincipal | null }): Promise<number> {
  let cancelled = 0;
  let after = "";
  for (;;) {
    const page = await sqlOf(db).$queryRaw<{ id: string }[]>`
      SELECT m.id FROM "CampaignMessage" cm JOIN "Message" m ON m.id = cm."messageId"
      WHERE cm."campaignId" = ${campaignId} AND m.status IN ('SCHEDULED', 'QUEUED') AND m.id > ${after}
      ORDER BY m.id LIMIT ${PAGE}::int`;
    if (page.length === 0) return cancelled;
    after = page.at(-1)!.id;
    cancelled += (await cancelMessages({ db, labId, messageIds: page.map((m) => m.id), principal })).cancelled.length;
  }
}
