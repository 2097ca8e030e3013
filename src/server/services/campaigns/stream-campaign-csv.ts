import { sqlOf, type Db } from "@/server/db";
import type { TRowError } from "@/server/domain/campaigns";
import type { TExplainMessage } from "@/server/services/messages/explain-failure";
import { csvCell } from "@/server/services/messages/stream-messages-csv";

const PAGE_ROWS = 2000;

const line = (cells: (string | number | null | undefined)[]) => `${cells.map(csvCell).join(",")}\r\n`;

/**
 * Every rejected row's problems, one line per problem: the spreadsheet line, the column, the value it
 * held and what was expected, so the file can be fixed and uploaded again. Read a page at a time.
 */
export async function* streamCampaignErrorsCsv({ db, campaignId, columns }: { db: Db; campaignId: string; columns: readonly string[] }): AsyncGenerator<string> {
  yield line(["line", "column", "value", "problem"]);
  const indexOf = new Map(columns.map((column, index) => [column, index]));
  let after = 0;
  for (;;) {
    const rows = await sqlOf(db).$queryRaw<{ rowNumber: number; cells: string[]; errors: TRowError[] | null }[]>`
      SELECT "rowNumber", cells, errors FROM "CampaignRow"
      WHERE "campaignId" = ${campaignId} AND status = 'REJECTED' AND "rowNumber" > ${after}::int
      ORDER BY "rowNumber" LIMIT ${PAGE_ROWS}::int`;
    if (rows.length === 0) return;
    after = rows.at(-1)!.rowNumber;
    yield rows
      .flatMap(({ rowNumber, cells, errors }) =>
        (errors ?? []).map(({ column, message }) => line([rowNumber + 1, column, column === null ? null : (cells[indexOf.get(column) ?? -1] ?? null), message])),
      )
      .join("");
  }
}

type TReportRow = {
  rowNumber: number;
  rowStatus: string;
  errors: TRowError[] | null;
  channel: string | null;
  messageId: string | null;
  to: string | null;
  status: string | null;
  skipReason: string | null;
  provider: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
};

/**
 * The campaign's final report: one line per message (row, channel, address, status and why), and one
 * per row that made none (rejected or cancelled, with the reason). A failure's code or skip reason
 * stays in `reason` for support; `explanation` says what it means and what to do. Read by ranges of rows.
 */
export async function* streamCampaignReportCsv({ db, campaignId, rowCount, explain }: { db: Db; campaignId: string; rowCount: number; explain: TExplainMessage }): AsyncGenerator<string> {
  yield line(["line", "channel", "to", "status", "reason", "explanation", "messageId", "sentAt", "deliveredAt"]);
  for (let from = 1; from <= rowCount; from += PAGE_ROWS) {
    const rows = await sqlOf(db).$queryRaw<TReportRow[]>`
      SELECT r."rowNumber", r.status::text AS "rowStatus", r.errors, cm.channel::text AS channel, m.id AS "messageId", m."to", m.status::text AS status,
             m."skipReason", m.provider, m."errorCode", m."errorMessage", m."sentAt", m."deliveredAt"
      FROM "CampaignRow" r
      LEFT JOIN "CampaignMessage" cm ON cm."campaignId" = r."campaignId" AND cm."rowNumber" = r."rowNumber"
      LEFT JOIN "Message" m ON m.id = cm."messageId"
      WHERE r."campaignId" = ${campaignId} AND r."rowNumber" BETWEEN ${from}::int AND ${from + PAGE_ROWS - 1}::int
      ORDER BY r."rowNumber", cm.channel`;
    yield rows
      .map((r) =>
        r.messageId === null
          ? line([r.rowNumber + 1, null, null, r.rowStatus, (r.errors ?? []).map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join("; ") || null, null, null, null, null])
          : line([
              r.rowNumber + 1,
              r.channel,
              r.to,
              r.status,
              r.skipReason ?? r.errorCode,
              explain(r),
              r.messageId,
              r.sentAt?.toISOString(),
              r.deliveredAt?.toISOString(),
            ]),
      )
      .join("");
  }
}
