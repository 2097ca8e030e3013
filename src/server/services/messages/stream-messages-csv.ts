import type { Db } from "@/server/db";
import type { TExplainMessage } from "@/server/services/messages/explain-failure";
import { listMessages, type TMessageFilters } from "@/server/services/messages/list-messages";

export type TStreamMessagesCsvOptions = {
  db: Db;
  labId: string;
  filters: TMessageFilters;
  /** The `explanation` column, in the reader's language (messageExplainer). */
  explain: TExplainMessage;
  pageSize?: number;
};

type TRow = Awaited<ReturnType<typeof listMessages>>["items"][number];

const COLUMNS: [string, (m: TRow, explain: TExplainMessage) => string | number | null | undefined][] = [
  ["id", (m) => m.id],
  ["createdAt", (m) => m.createdAt.toISOString()],
  ["trigger", (m) => m.triggerKey],
  ["channel", (m) => m.channel],
  ["status", (m) => m.status],
  ["to", (m) => m.to],
  ["externalId", (m) => m.contact?.externalId],
  ["language", (m) => m.language],
  ["provider", (m) => m.provider],
  ["providerMessageId", (m) => m.providerMessageId],
  ["attempts", (m) => m.attempts],
  ["segments", (m) => m.segments],
  ["cost", (m) => m.cost],
  ["currency", (m) => m.currency],
  ["errorCode", (m) => m.errorCode],
  ["skipReason", (m) => m.skipReason],
  // The codes above stay as stored for support; this says what they mean and what to do.
  ["explanation", (m, explain) => explain(m)],
  ["sendAt", (m) => m.sendAt?.toISOString()],
  ["sentAt", (m) => m.sentAt?.toISOString()],
  ["deliveredAt", (m) => m.deliveredAt?.toISOString()],
  ["redactedAt", (m) => m.redactedAt?.toISOString()],
];

/**
 * One CSV cell (RFC 4180). A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is
 * prefixed with an apostrophe: addresses and error texts come from outside. A plain signed number (an
 * E.164 phone) cannot run anything and is kept as it is.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The lab's messages matching the list's filters, as CSV lines (header first), newest first, read a
 * page at a time with the list's cursor: memory stays flat whatever the export's size, and the reader
 * sets the pace (nothing is read ahead of what the client has taken).
 */
export async function* streamMessagesCsv({ db, labId, filters, explain, pageSize = 500 }: TStreamMessagesCsvOptions): AsyncGenerator<string> {
  yield `${COLUMNS.map(([name]) => name).join(",")}\r\n`;
  let cursor: string | undefined;
  do {
    const page = await listMessages({ db, labId, filters, cursor, limit: pageSize });
    if (page.items.length > 0) yield page.items.map((m) => `${COLUMNS.map(([, pick]) => csvCell(pick(m, explain))).join(",")}\r\n`).join("");
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
