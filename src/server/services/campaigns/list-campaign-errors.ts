import { sqlOf, type Db } from "@/server/db";
import type { TRowError } from "@/server/domain/campaigns";

export type TCampaignRowErrors = { rowNumber: number; line: number; errors: TRowError[] };

/**
 * Rejected rows with their problems by column, in row order after `afterRow`: the page shows the
 * first ones, the CSV export reads them all through the same query. `line` is the spreadsheet's
 * line (the header is line 1).
 */
export async function listCampaignErrors({ db, campaignId, afterRow = 0, limit }: { db: Db; campaignId: string; afterRow?: number; limit: number }): Promise<TCampaignRowErrors[]> {
  const rows = await sqlOf(db).$queryRaw<{ rowNumber: number; errors: TRowError[] }[]>`
    SELECT "rowNumber", errors FROM "CampaignRow"
    WHERE "campaignId" = ${campaignId} AND status = 'REJECTED' AND "rowNumber" > ${afterRow}::int
    ORDER BY "rowNumber" LIMIT ${limit}::int`;
  return rows.map(({ rowNumber, errors }) => ({ rowNumber, line: rowNumber + 1, errors: errors ?? [] }));
}
