import type { Db } from "@/server/db";
import { afterPageCursor, pageOf } from "@/server/db/page-cursor";
import { campaignSelect } from "@/server/services/campaigns/campaign-view";

/** The lab's campaigns, newest first, a page at a time. */
export async function listCampaigns({ db, labId, cursor, limit }: { db: Db; labId: string; cursor?: string; limit: number }) {
  const rows = await db.campaign.findMany({
    where: { labId, ...(cursor !== undefined && { OR: afterPageCursor(cursor) }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: campaignSelect,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { items: page, nextCursor };
}
