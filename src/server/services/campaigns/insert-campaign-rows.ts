import type { SqlRunner } from "@/server/db/sql-runner";

/**
 * Writes rows numbered from `startRow` in one statement; a row already there is kept as it is, so
 * sending the same chunk again (a retried upload) writes nothing twice. Returns how many were new.
 */
export async function insertCampaignRows(tx: SqlRunner, { campaignId, startRow, rows }: { campaignId: string; startRow: number; rows: readonly string[][] }): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "CampaignRow" ("campaignId", "rowNumber", cells)
    SELECT ${campaignId}, ${startRow}::int + u.n::int - 1, u.cells::jsonb
    FROM unnest(${rows.map((row) => JSON.stringify(row))}::text[]) WITH ORDINALITY AS u(cells, n)
    ON CONFLICT DO NOTHING`;
}
