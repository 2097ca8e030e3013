import { sqlOf, type Db } from "@/server/db";
import { groupWriter } from "@/server/db/group-writer";
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
 * waiting under no load. A statement that fails fails every call in it, and none of them is claimed,
 * so each provider retries. A key that two calls of one batch carry (a provider's retry racing its
 * first attempt) is claimed by the first; the second is answered as the repeat it is. The batch is
 * recorded at the latest of its calls' times.
 */
export function statusReportWriter(db: Db): (call: TStatusReportCall) => Promise<TRecordedStatus[]> {
  let writer = writers.get(db);
  if (!writer) {
    const sql = sqlOf(db, { statementTimeoutMs: STATEMENT_TIMEOUT_MS });
    writer = groupWriter<TStatusReportCall, TRecordedStatus[]>(async (calls) => {
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
      });
      const byPosition = new Map(rows.map((r, i) => [`${r.call}:${r.at}`, recorded[i]!]));
      return (call, index) => call.reports.map((_, at) => byPosition.get(`${index}:${at}`) ?? repeats.get(`${index}:${at}`)!);
    });
    writers.set(db, writer);
  }
  return writer;
}
