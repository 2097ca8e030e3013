import type { SqlRunner } from "@/server/db/sql-runner";

/**
 * Writes rows numbered from `startRow` in one statement; a row already there is kept as it is, so
 * sending the same chunk again (a retried upload) writes nothing twice. Returns how many were new.
 * The chunk travels as one JSON array that the server splits: a text[] parameter of JSON strings
 * would be escaped cell by cell on the way out and parsed twice on the way in.
 */
export async function insertCampaignRows(tx: SqlRunner, { campaignId, startRow, rows }: { campaignId: string; startRow: number; rows: readonly (readonly string[])[] }): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "CampaignRow" ("campaignId", "rowNumber", cells)
    SELECT ${campaignId}, ${startRow}::int + u.n::int - 1, u.cells
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS u(cells, n)
    ON CONFLICT DO NOTHING`;
}
