import { sqlOf, type Db } from "@/server/db";
import { groupWriter } from "@/server/db/group-writer";
import type { SqlRunner } from "@/server/db/sql-runner";
import { recordDeliveryStatuses, type TDeliveryStatusReport, type TRecordedStatus } from "@/server/services/delivery/record-delivery-status";

/** One webhook call's plain status reports, each with its receipt key, distinct within the call. */
export type TStatusReportCall = {
  reports: { report: TDeliveryStatusReport; eventKey: string; heraldMessageId?: string }[];
  now: Date;
};

const STATEMENT_TIMEOUT_MS = 10_000;

const writers = new WeakMap<Db, (call: TStatusReportCall) => Promise<TRecordedStatus[]>>();

/**
 * Claims and applies webhook status reports, the calls that arrive while a statement is in flight
 * going together into the next one: one statement and one commit for many callbacks under load, none
 * waiting under no load. A statement that fails claims nothing. When the data of one report made it
 * fail (a value PostgreSQL refuses), each call of the batch is written again alone, so only the call
 * that carries it fails and its provider retries it; any other failure (a timeout, a lost connection)
 * fails every call of the batch, which would fail alone too. A key that two calls of one batch carry
 * (a provider's retry racing its first attempt) is claimed by the first; the second is answered as
 * the repeat it is. The batch is recorded at the latest of its calls' times.
 */
export function statusReportWriter(db: Db): (call: TStatusReportCall) => Promise<TRecordedStatus[]> {
  let writer = writers.get(db);
  if (!writer) {
    const sql = sqlOf(db, { statementTimeoutMs: STATEMENT_TIMEOUT_MS });
    writer = groupWriter<TStatusReportCall, TRecordedStatus[]>(async (calls) => {
      try {
        return await writeTogether(sql, calls);
      } catch (error) {
        if (calls.length === 1 || !causedByData(error)) throw error;
        const alone: PromiseSettledResult<TRecordedStatus[]>[] = [];
        for (const call of calls) {
          alone.push(await writeTogether(sql, [call]).then((resultOf) => ({ status: "fulfilled", value: resultOf(call, 0) }), (reason: unknown) => ({ status: "rejected", reason })));
        }
        return (_, index) => {
          const result = alone[index]!;
          if (result.status === "rejected") throw result.reason;
          return result.value;
        };
      }
    });
    writers.set(db, writer);
  }
  return writer;
}

/**
 * PostgreSQL's data exceptions (class 22: a NUL byte in a text, a number out of range) and integrity
 * violations (class 23): errors one report's values can cause, unlike a timeout or a lost connection.
 */
function causedByData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}

/** The calls' reports in one statement; a key repeated across calls is claimed by its first call. */
async function writeTogether(sql: SqlRunner, calls: TStatusReportCall[]): Promise<(call: TStatusReportCall, index: number) => TRecordedStatus[]> {
  const seen = new Set<string>();
  const rows: { call: number; at: number; report: TDeliveryStatusReport; eventKey: string; heraldMessageId?: string }[] = [];
  const repeats = new Map<string, TRecordedStatus>();
  calls.forEach((call, index) =>
    call.reports.forEach((entry, at) => {
      const key = `${entry.report.businessAccountId}\u0000${entry.eventKey}`;
      if (seen.has(key)) repeats.set(`${index}:${at}`, { providerMessageId: entry.report.providerMessageId, messageId: null, previous: null, applied: false, claimed: false });
      else {
        seen.add(key);
        rows.push({ call: index, at, ...entry });
      }
    }),
  );
  const recorded = await recordDeliveryStatuses({
    db: sql,
    source: "webhook",
    now: new Date(Math.max(...calls.map((c) => c.now.getTime()))),
    reports: rows.map((r) => r.report),
    receipts: { eventKeys: rows.map((r) => r.eventKey), heraldMessageIds: rows.map((r) => r.heraldMessageId) },
    autocommit: true,
  });
  const byPosition = new Map(rows.map((r, i) => [`${r.call}:${r.at}`, recorded[i]!]));
  return (call, index) => call.reports.map((_, at) => byPosition.get(`${index}:${at}`) ?? repeats.get(`${index}:${at}`)!);
}
