import { sqlTransactionOf, type Db } from "@/server/db";
import { MAX_CAMPAIGN_ROWS } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { findCampaign } from "@/server/services/campaigns/find-campaign";
import { insertCampaignRows } from "@/server/services/campaigns/insert-campaign-rows";

export type TAppendCampaignRowsOptions = { db: Db; labId: string; campaignId: string; startRow: number; rows: string[][] };

/**
 * Rows of a draft campaign sent in chunks (API clients): numbered from `startRow`, so a chunk sent
 * twice writes its rows once. New rows wait for the next validation.
 */
export async function appendCampaignRows({ db, labId, campaignId, startRow, rows }: TAppendCampaignRowsOptions): Promise<{ added: number; rowCount: number }> {
  const campaign = await findCampaign(db, { labId, campaignId });
  if (campaign.status !== "DRAFT") throw new AppError("PRECONDITION_FAILED", `rows can only be added to a draft campaign; this one is ${campaign.status.toLowerCase()}`, "campaignId");
  const lastRow = startRow + rows.length - 1;
  if (lastRow > MAX_CAMPAIGN_ROWS) throw new AppError("BAD_REQUEST", `expected rows numbered at most ${MAX_CAMPAIGN_ROWS.toLocaleString("en")}; this chunk ends at ${lastRow}`, "startRow");
  const wide = rows.findIndex((cells) => cells.length > campaign.columns.length);
  if (wide >= 0) throw new AppError("BAD_REQUEST", `expected at most ${campaign.columns.length} cells (the campaign's columns), got ${rows[wide]!.length}`, `rows.${wide}`);
  return sqlTransactionOf(
    db,
    async (tx) => {
      const added = await insertCampaignRows(tx, { campaignId, startRow, rows });
      const [updated] = await tx.$queryRaw<{ rowCount: number }[]>`
        UPDATE "Campaign" SET "rowCount" = GREATEST("rowCount", ${lastRow}::int), "validatedAt" = CASE WHEN ${added}::int > 0 THEN NULL ELSE "validatedAt" END,
          "updatedAt" = now() AT TIME ZONE 'UTC'
        WHERE id = ${campaignId} RETURNING "rowCount"`;
      return { added, rowCount: updated!.rowCount };
    },
    { statementTimeoutMs: 30_000 },
  );
}
