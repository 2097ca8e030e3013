import type { Readable } from "node:stream";
import type { TPrincipal } from "@/server/access/principal";
import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import { MAX_CAMPAIGN_ROWS, MAX_CELL_LENGTH, ZCampaignColumns, type TCampaignFormat } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { createCampaign } from "@/server/services/campaigns/create-campaign";
import { insertCampaignRows } from "@/server/services/campaigns/insert-campaign-rows";
import { readCampaignFile } from "@/server/services/campaigns/read-campaign-file";

export type TImportCampaignFileOptions = {
  db: Db;
  principal: TPrincipal;
  lab: { id: string; organizationId: string };
  name: string;
  fileName: string;
  format: TCampaignFormat;
  input: Readable;
  idempotencyKey?: string;
};

const CHUNK_ROWS = 2000;
// 100,000 rows in 2,000-row statements; a statement waiting this long is stuck.
const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * A spreadsheet upload becomes a draft campaign: its header row, then every row, written in chunks
 * as the file is read, all in one transaction, so a failed or interrupted upload leaves nothing and
 * a retried one (same idempotency key) finds the campaign its first attempt committed.
 */
export async function importCampaignFile({ db, principal, lab, name, fileName, format, input, idempotencyKey }: TImportCampaignFileOptions): Promise<{ campaignId: string; rowCount: number; created: boolean }> {
  if (idempotencyKey !== undefined) {
    const [existing] = await sqlOf(db).$queryRaw<{ id: string; rowCount: number }[]>`SELECT id, "rowCount" FROM "Campaign" WHERE "labId" = ${lab.id} AND "idempotencyKey" = ${idempotencyKey}`;
    if (existing) {
      input.resume();
      return { campaignId: existing.id, rowCount: existing.rowCount, created: false };
    }
  }
  return sqlTransactionOf(
    db,
    async (tx) => {
      const rows = readCampaignFile(input, format);
      const header = await rows.next();
      if (header.done) throw new AppError("BAD_REQUEST", "the file has no header row: expected column names on the first line", "file");
      const columns = checkedColumns(header.value);
      const { id, created } = await createCampaign(tx, { principal, lab, name, columns, fileName, idempotencyKey });
      if (!created) return { campaignId: id, rowCount: 0, created };
      // One chunk's statement runs while the next chunk is read: the connection and the parser overlap.
      let chunk: string[][] = [];
      let rowCount = 0;
      let writing: Promise<number> = Promise.resolve(0);
      const write = async (rows: string[][], startRow: number) => {
        await writing;
        writing = insertCampaignRows(tx, { campaignId: id, startRow, rows });
      };
      try {
        for await (const cells of rows) {
          rowCount += 1;
          if (rowCount > MAX_CAMPAIGN_ROWS) throw new AppError("BAD_REQUEST", `expected at most ${MAX_CAMPAIGN_ROWS.toLocaleString("en")} rows after the header`, "file");
          const tooLong = cells.findIndex((cell) => cell.length > MAX_CELL_LENGTH);
          if (tooLong >= 0) throw new AppError("BAD_REQUEST", `row ${rowCount + 1}, column ${tooLong + 1}: expected at most ${MAX_CELL_LENGTH} characters`, "file");
          chunk.push(cells);
          if (chunk.length === CHUNK_ROWS) {
            await write(chunk, rowCount - chunk.length + 1);
            chunk = [];
          }
        }
        await write(chunk, rowCount - chunk.length + 1);
      } finally {
        // A statement still running when the file fails must end before the transaction rolls back.
        await writing.catch(() => 0);
      }
      await writing;
      await tx.$executeRaw`UPDATE "Campaign" SET "rowCount" = ${rowCount} WHERE id = ${id}`;
      return { campaignId: id, rowCount, created };
    },
    { statementTimeoutMs: STATEMENT_TIMEOUT_MS },
  );
}

/** The header row as column names: blank ones named by position, each name once. */
function checkedColumns(header: string[]): string[] {
  const columns = header.map((cell, index) => cell.trim() || `column ${index + 1}`);
  const parsed = ZCampaignColumns.safeParse(columns);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `header row: ${parsed.error.issues[0]!.message}`, "file");
  return parsed.data;
}
