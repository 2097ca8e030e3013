// What the proof suites report once Herald has drained: every queued message in an end status,
// none lost, sends per message from the simulator's ledger, and no status that moved backwards.
import type { MessageStatus } from "@/generated/prisma/enums";
import { STATUS_RANK } from "@/server/domain/notifications";
import { canLiftUnknownOutcome, canTransition } from "@/server/services/delivery/can-transition";
import type { TSimulatorProcess, TLedgerStats } from "../simulator-process";

/** Where a message ends: what the provider last said of it, or that it failed or was never to be sent. */
export const SETTLED: ReadonlySet<MessageStatus> = new Set(["DELIVERED", "READ", "UNDELIVERED", "FAILED", "SKIPPED", "CANCELLED"]);

type TStatusRow = { id: string; status: MessageStatus; provider: string | null; errorCode: string | null };

/** Polls until every message is settled or `timeoutMs` has passed; the seconds it took, or null. */
export async function waitUntilSettled(messageIds: string[], timeoutMs: number, pollMs = 250): Promise<number | null> {
  const { db } = await import("@/server/db");
  const started = performance.now();
  for (;;) {
    const open = await db().message.count({ where: { id: { in: messageIds }, status: { notIn: [...SETTLED] } } });
    if (open === 0) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) return null;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** `lifted`: the failure code a provider's report lifted the message out of (only `outcome_unknown` may be). */
export type TAppliedStatus = { status: MessageStatus; previous: MessageStatus | null; lifted?: string | null };

/** The one move out of a terminal status: a provider's report replacing FAILED `outcome_unknown` with the truth. */
const liftsUnknownOutcome = ({ status, previous, lifted }: TAppliedStatus) => previous !== null && lifted != null && canLiftUnknownOutcome(previous, lifted, status);

/**
 * What went backwards in one message's applied statuses, or null: a change a status report applied
 * from a status it may not leave that way (its `previous`, read in the statement that changed it),
 * or a final status below one the message had reached once a provider had it. A lifted unknown
 * outcome is no regression: what came before it is replaced, not undone.
 */
export function regressionIn(applied: TAppliedStatus[], final: MessageStatus): string | null {
  let highest: MessageStatus | null = null;
  for (const change of applied) {
    const { status, previous } = change;
    if (liftsUnknownOutcome(change)) highest = null;
    else if (previous !== null && !canTransition(previous, status)) return `${previous} to ${status}`;
    if (STATUS_RANK[status] >= STATUS_RANK.SENT && (highest === null || STATUS_RANK[status] > STATUS_RANK[highest])) highest = status;
  }
  return highest !== null && STATUS_RANK[final] < STATUS_RANK[highest] ? `reached ${highest}, now ${final}` : null;
}

/** Whether a message's timeline, read in time order, shows a provider status followed by a lower one. */
export function timelineOutOfOrder(applied: TAppliedStatus[]): boolean {
  let highest = -1;
  for (const change of applied) {
    const rank = STATUS_RANK[change.status];
    if (liftsUnknownOutcome(change)) highest = -1;
    // Before a provider had it, a message goes back to QUEUED for each retry: that is in order.
    if (highest >= STATUS_RANK.SENT && rank < highest) return true;
    highest = Math.max(highest, rank);
  }
  return false;
}

/**
 * Status regressions among the messages (a late or repeated callback must change nothing), and the
 * timelines that read out of order: applied events whose times do not follow the order they were
 * applied in (each one's `previous` says that order).
 */
export async function statusRegressions(messageIds: string[]): Promise<{ count: number; examples: string[]; timelinesOutOfOrder: number; timelineExamples: string[] }> {
  const { db } = await import("@/server/db");
  const events = await db().$queryRaw<{ messageId: string; status: MessageStatus; previous: MessageStatus | null; lifted: string | null; final: MessageStatus; trail: string }[]>`
    SELECT e."messageId", e.status, (e.detail->>'previous')::"MessageStatus" AS previous, e.detail->>'lifted' AS lifted, m.status AS final,
      e.type || ':' || e.status || ' by ' || e.source || ' at ' || to_char(e."createdAt", 'HH24:MI:SS.MS') || COALESCE(' from ' || (e.detail->>'previous'), '') || COALESCE(' ' || (e.detail->>'lifted'), '') AS trail
    FROM "MessageEvent" e JOIN "Message" m ON m.id = e."messageId"
    WHERE e."messageId" = ANY(${messageIds}::text[]) AND e.status IS NOT NULL AND COALESCE(e.detail->>'applied', 'true') <> 'false'
    ORDER BY e."messageId", e."createdAt", e.id`;
  const byMessage = new Map<string, { applied: TAppliedStatus[]; trail: string[]; final: MessageStatus }>();
  for (const e of events) {
    const entry = byMessage.get(e.messageId) ?? byMessage.set(e.messageId, { applied: [], trail: [], final: e.final }).get(e.messageId)!;
    entry.applied.push({ status: e.status, previous: e.previous, lifted: e.lifted });
    entry.trail.push(e.trail);
  }
  const found = { count: 0, examples: [] as string[], timelinesOutOfOrder: 0, timelineExamples: [] as string[] };
  for (const [id, { applied, trail, final }] of byMessage) {
    const problem = regressionIn(applied, final);
    // The message's applied events, so a reader sees where the order came from.
    if (problem && ++found.count <= 5) found.examples.push(`${id}: ${problem} [${trail.join("; ")}]`);
    if (timelineOutOfOrder(applied) && ++found.timelinesOutOfOrder <= 3) found.timelineExamples.push(`${id}: ${trail.join("; ")}`);
  }
  return found;
}

export type TSettledReport = {
  queued: number;
  terminal: number;
  terminalShare: number;
  lost: number;
  statuses: Record<string, number>;
  failedByCode: Record<string, number>;
  /** Herald messages the simulator accepted more than once, where the provider takes an idempotency key and where it does not. */
  duplicates: number;
  duplicatesByProvider: Record<string, number>;
  acceptedSends: number;
  /** Retries by error code: a duplicate comes from a call retried after its answer was lost (a timeout, a kill). */
  retriesByCode: Record<string, number>;
  /** Messages that ended FAILED `outcome_unknown` until a provider's report (callback or lookup) said what became of them. */
  liftedFromUnknown: number;
  statusRegressions: number;
  regressionExamples: string[];
  /** Messages whose timeline, in time order, reads as if a status went backwards though it did not. */
  timelinesOutOfOrder: number;
  timelineExamples: string[];
};

/** The figures every proof suite prints, for the messages the client was told were queued. */
export async function settledReport(messageIds: string[], sim: TSimulatorProcess): Promise<TSettledReport> {
  const { db } = await import("@/server/db");
  const rows: TStatusRow[] = [];
  for (let start = 0; start < messageIds.length; start += 5_000) {
    rows.push(...(await db().message.findMany({ where: { id: { in: messageIds.slice(start, start + 5_000) } }, select: { id: true, status: true, provider: true, errorCode: true } })));
  }
  const statuses: Record<string, number> = {};
  const failedByCode: Record<string, number> = {};
  for (const row of rows) {
    statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    if (row.status === "FAILED") failedByCode[row.errorCode ?? "none"] = (failedByCode[row.errorCode ?? "none"] ?? 0) + 1;
  }
  const terminal = rows.filter((r) => SETTLED.has(r.status)).length;
  await sim.admin("POST", "/callbacks/idle");
  const ledger = await sim.admin<TLedgerStats>("GET", "/ledger/stats");
  const providerOf = new Map(rows.map((r) => [r.id, r.provider ?? "none"]));
  const duplicatesByProvider: Record<string, number> = {};
  let duplicates = 0;
  for (const id of Object.keys(ledger.duplicates)) {
    if (!providerOf.has(id)) continue;
    duplicates += 1;
    const provider = providerOf.get(id)!;
    duplicatesByProvider[provider] = (duplicatesByProvider[provider] ?? 0) + 1;
  }
  const regressions = await statusRegressions(messageIds);
  const retries = await db().$queryRaw<{ code: string | null; count: bigint }[]>`
    SELECT detail->>'code' AS code, count(*) AS count FROM "MessageEvent" WHERE "messageId" = ANY(${messageIds}::text[]) AND type = 'retry_scheduled' GROUP BY 1 ORDER BY 1`;
  const [lifted] = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(DISTINCT "messageId") AS count FROM "MessageEvent"
    WHERE "messageId" = ANY(${messageIds}::text[]) AND type = 'status' AND detail ? 'lifted' AND (detail->>'applied')::boolean`;
  return {
    queued: messageIds.length,
    terminal,
    terminalShare: messageIds.length === 0 ? 1 : Number((terminal / messageIds.length).toFixed(5)),
    // Queued and then neither in the database nor in an end status once the drain is over.
    lost: messageIds.length - terminal,
    statuses,
    failedByCode,
    duplicates,
    duplicatesByProvider,
    acceptedSends: ledger.acceptedSends,
    retriesByCode: Object.fromEntries(retries.map((r) => [r.code ?? "none", Number(r.count)])),
    liftedFromUnknown: Number(lifted?.count ?? 0),
    statusRegressions: regressions.count,
    regressionExamples: regressions.examples,
    timelinesOutOfOrder: regressions.timelinesOutOfOrder,
    timelineExamples: regressions.timelineExamples,
  };
}
