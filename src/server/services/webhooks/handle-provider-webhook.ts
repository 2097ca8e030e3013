import type { Prisma } from "@/generated/prisma/client";
import { sqlTransactionOf, type Db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
import { inboundIntent } from "@/server/domain/inbound-keywords";
import type { Logger } from "@/server/logger";
import type { TWebhookEvent, TWebhookRequest } from "@/server/providers/types";
import { recordDeliveryStatuses, type TRecordedStatus } from "@/server/services/delivery/record-delivery-status";
import { followUpOtpFailures } from "@/server/services/otp/advance-otp-challenge";
import { addSuppressions, type TSuppressionEntry } from "@/server/services/suppressions/add-suppressions";
import { adoptLateAcceptances } from "@/server/services/webhooks/adopt-late-acceptances";
import { applyInboundMessage } from "@/server/services/webhooks/apply-inbound-message";
import { checkWebhookToken } from "@/server/services/webhooks/check-webhook-token";
import { claimWebhookEvents } from "@/server/services/webhooks/claim-webhook-events";
import { loadWebhookAccount, reloadWebhookAccount, type TWebhookAccount } from "@/server/services/webhooks/load-webhook-account";
import { statusReportWriter } from "@/server/services/webhooks/status-report-writer";

export type THandleProviderWebhookOptions = {
  db: Db;
  logger: Logger;
  provider: string;
  accountId: string;
  /** The path token after the account id, when the URL has one (token-addressed providers). */
  token?: string | null;
  request: TWebhookRequest;
  now?: Date;
};

export type TWebhookAnswer = {
  status: 200 | 400 | 401 | 404;
  contentType: string;
  body: string;
  /** For logs and tests: what the call changed. */
  summary?: { events: number; duplicates: number; statusesApplied: number; unknownMessages: number; suppressed: number; inbound: number };
};

const STATEMENT_TIMEOUT_MS = 10_000;
const text = (status: TWebhookAnswer["status"], body: string): TWebhookAnswer => ({ status, contentType: "text/plain; charset=utf-8", body });

/**
 * One provider webhook call for one account: the signature is checked with that account's secret
 * against the public URL the provider called, or (providers that sign nothing) the path token against
 * the account's; a bad one changes nothing. Each event is applied once
 * (deduplicated on its key), statuses only move messages forward, suppressions and STOP/START
 * replies are recorded for the account's lab. Events about messages we do not know are
 * acknowledged, so the provider does not retry them forever.
 */
export async function handleProviderWebhook({ db, logger, provider, accountId, token = null, request, now = new Date() }: THandleProviderWebhookOptions): Promise<TWebhookAnswer> {
  let candidate = await loadWebhookAccount(db, provider, accountId, now.getTime());
  if (!candidate?.adapter.parseWebhook) return text(404, "no such webhook");
  let refused = await refusal(db, candidate, token, request, now);
  if (refused?.answer.status === 401) {
    // The provider may sign with a secret changed since this process cached the account.
    const fresh = await reloadWebhookAccount(db, provider, accountId, now.getTime());
    if (fresh?.adapter.parseWebhook) {
      candidate = fresh;
      refused = await refusal(db, candidate, token, request, now);
    }
  }
  if (refused) {
    if (refused.reason) logger.warn({ provider, accountId }, `webhook refused: ${refused.reason}`);
    return refused.answer;
  }
  const account = candidate;
  let events: TWebhookEvent[];
  try {
    events = account.adapter.parseWebhook!(request, account.config);
  } catch (error) {
    logger.warn({ provider, accountId, err: error }, "webhook refused: malformed body");
    return text(400, "malformed body");
  }
  // Plain status reports, the thousands-a-second case, are claimed and applied in one statement;
  // what is left (late acceptances, suppressions, replies) takes a transaction.
  const fast = await applyStatusReports(db, account, events, now);
  const rest = fast ? fast.deferred : events;
  let summary = fast?.summary ?? emptySummary(events.length);
  if (rest.length > 0) {
    // Replies with a keyword (STOP, START) write consent and audit entries through Prisma; the rest,
    // replies without one too, stays on the pool's raw statements. Prisma's transaction gives up
    // (P2028) when no connection frees up within its maxWait, as a burst of replies found under
    // load; a raw transaction waits its turn. Under load a connection may take longer than Prisma's
    // default 2 s to free up: waiting is better than a 500.
    const apply = (tx: SqlRunner, prismaTx: Prisma.TransactionClient | null) => applyEvents(tx, prismaTx, account, rest, now);
    const needsPrisma = rest.some((e) => e.kind === "inbound" && inboundIntent(e.body) !== null);
    const more = needsPrisma
      ? await db.$transaction((tx) => apply(tx, tx), { timeout: STATEMENT_TIMEOUT_MS, maxWait: STATEMENT_TIMEOUT_MS })
      : await sqlTransactionOf(db, (tx) => apply(tx, null), { statementTimeoutMs: STATEMENT_TIMEOUT_MS });
    summary = fast ? addSummaries(summary, more) : more;
  }
  // A code the handset will not get moves to the challenge's next channel now, not at its deadline.
  if (summary.failedMessageIds.length > 0) {
    await followUpOtpFailures(db, summary.failedMessageIds, logger).catch((error: unknown) => logger.error({ err: error, provider, accountId }, "OTP fallback after a failure report did not run; the OTP sweep will move it"));
  }
  if (summary.unknownMessages > 0) logger.info({ provider, accountId, unknown: summary.unknownMessages }, "webhook named messages Herald does not know");
  const answer = account.adapter.webhookAnswer;
  const { failedMessageIds: _failed, ...counts } = summary;
  return { status: 200, contentType: answer?.contentType ?? "text/plain; charset=utf-8", body: answer?.body ?? "", summary: counts };
}

/**
 * Why the call is refused, or null: a wrong or missing path token is answered as a URL that does not
 * exist (nothing tells a prober the account is real); a bad signature with 401.
 */
async function refusal(db: Db, account: TWebhookAccount, token: string | null, request: TWebhookRequest, now: Date): Promise<{ answer: TWebhookAnswer; reason?: string } | null> {
  const { adapter } = account;
  if (adapter.webhookAuth === "path-token") {
    if (!(await checkWebhookToken(db, account.id, token))) return { answer: text(404, "no such webhook"), reason: "missing or wrong path token" };
    // A token-addressed account may also sign (a generic vendor configured with an HMAC header).
    if (adapter.verifyWebhook && !(await adapter.verifyWebhook(request, account.config, now))) return { answer: text(401, "invalid signature"), reason: "missing or invalid signature" };
    return null;
  }
  if (token !== null || !adapter.verifyWebhook) return { answer: text(404, "no such webhook") };
  if (!(await adapter.verifyWebhook(request, account.config, now))) return { answer: text(401, "invalid signature"), reason: "missing, invalid or stale signature" };
  return null;
}

/** The counts, and the messages an applied report made UNDELIVERED or FAILED (for the OTP fallback). */
type TSummary = NonNullable<TWebhookAnswer["summary"]> & { failedMessageIds: string[] };
const emptySummary = (events: number): TSummary => ({ events, duplicates: 0, statusesApplied: 0, unknownMessages: 0, suppressed: 0, inbound: 0, failedMessageIds: [] });
const FAILURES: ReadonlySet<string> = new Set(["UNDELIVERED", "FAILED"]);
/** The messages whose applied report was a failure. */
const failedBy = (statuses: readonly { report: { status: string } }[], recorded: readonly TRecordedStatus[]) =>
  recorded.flatMap((r, i) => (r.applied && r.messageId && FAILURES.has(statuses[i]!.report.status) ? [r.messageId] : []));

/** The counts of the one-statement path and of the transaction that took what it deferred. */
function addSummaries(fast: TSummary, rest: TSummary): TSummary {
  return {
    events: fast.events,
    duplicates: fast.duplicates + rest.duplicates,
    statusesApplied: fast.statusesApplied + rest.statusesApplied,
    unknownMessages: fast.unknownMessages + rest.unknownMessages,
    suppressed: fast.suppressed + rest.suppressed,
    inbound: fast.inbound + rest.inbound,
    failedMessageIds: [...fast.failedMessageIds, ...rest.failedMessageIds],
  };
}

/**
 * When every event is a plain status report: receipts and statuses in one autocommit statement on
 * connections with a statement timeout, shared with the calls that arrive meanwhile (statusReportWriter). Reports naming a Herald message that has no provider id yet
 * (a late acceptance) are deferred, unclaimed, to the transaction that can adopt them. Null when the
 * call holds other events.
 */
async function applyStatusReports(db: Db, account: TWebhookAccount, events: TWebhookEvent[], now: Date): Promise<{ summary: TSummary; deferred: TWebhookEvent[] } | null> {
  const statuses: Extract<TWebhookEvent, { kind: "status" }>[] = [];
  for (const event of events) {
    if (event.kind !== "status" || event.suppress) return null;
    statuses.push(event);
  }
  // A key repeated within one call is one event: the first counts.
  const seen = new Set<string>();
  const distinct = statuses.filter((e) => !seen.has(e.eventKey) && Boolean(seen.add(e.eventKey)));
  const recorded = await statusReportWriter(db)({
    now,
    reports: distinct.map((e) => ({ report: { businessAccountId: account.id, ...e.report }, eventKey: e.eventKey, heraldMessageId: e.report.heraldMessageId })),
  });
  const deferred = distinct.filter((_, i) => recorded[i]!.deferred);
  return {
    deferred,
    summary: {
      ...emptySummary(events.length),
      duplicates: events.length - distinct.length + recorded.filter((r) => !r.claimed && !r.deferred).length,
      statusesApplied: recorded.filter((r) => r.applied).length,
      unknownMessages: recorded.filter((r) => r.claimed && r.messageId === null).length,
      failedMessageIds: failedBy(distinct, recorded),
    },
  };
}

async function applyEvents(tx: SqlRunner, prismaTx: Prisma.TransactionClient | null, account: TWebhookAccount, events: TWebhookEvent[], now: Date) {
  const fresh = await claimWebhookEvents(tx, account.id, events.map((e) => e.eventKey));
  const unseen = events.filter((e) => fresh.delete(e.eventKey));
  const statuses = unseen.flatMap((e) => (e.kind === "status" ? [e] : []));
  await adoptLateAcceptances(tx, account, statuses.map((e) => e.report));
  const recorded = await recordDeliveryStatuses({
    db: tx,
    source: "webhook",
    now,
    reports: statuses.map((e) => ({ businessAccountId: account.id, ...e.report })),
  });

  const wanted: { address: string; reason: TSuppressionEntry["reason"]; providerMessageId?: string }[] = [];
  for (const event of statuses) if (event.suppress) wanted.push({ ...event.suppress, providerMessageId: event.report.providerMessageId });
  for (const event of unseen) if (event.kind === "suppress") wanted.push({ address: event.address, reason: event.reason, providerMessageId: event.providerMessageId });
  const labs = await labsOf(tx, account, wanted);
  const entries = wanted.flatMap((w, i): TSuppressionEntry[] => {
    const labId = labs[i];
    return labId ? [{ labId, channel: account.channel, address: w.address, reason: w.reason, source: `webhook:${account.provider}`, detail: { businessAccountId: account.id } }] : [];
  });
  const suppressed = await addSuppressions(tx, entries);

  let inbound = 0;
  for (const event of unseen) {
    if (event.kind !== "inbound") continue;
    const labId = account.labId ?? (await labOfAddress(tx, account.id, event.from));
    if (!labId) continue;
    // Without a Prisma transaction no reply here has a keyword: there is nothing to apply.
    if (prismaTx) await applyInboundMessage(prismaTx, { labId, channel: account.channel, from: event.from, body: event.body, provider: account.provider, businessAccountId: account.id, at: now });
    inbound += 1;
  }
  return {
    events: events.length,
    duplicates: events.length - unseen.length,
    statusesApplied: recorded.filter((r) => r.applied).length,
    unknownMessages: recorded.filter((r) => r.messageId === null).length,
    suppressed: suppressed.length,
    inbound,
    failedMessageIds: failedBy(statuses, recorded),
  };
}

/** The lab each suppression belongs to: the account's, or (platform accounts) that of the message it concerns. */
async function labsOf(tx: SqlRunner, account: TWebhookAccount, wanted: { address: string; providerMessageId?: string }[]): Promise<(string | null)[]> {
  if (account.labId) return wanted.map(() => account.labId);
  const ids = wanted.map((w) => w.providerMessageId).filter((id): id is string => Boolean(id));
  const rows = ids.length
    ? await tx.$queryRaw<{ pmid: string; labId: string }[]>`
        SELECT "providerMessageId" AS pmid, "labId" FROM "Message" WHERE "businessAccountId" = ${account.id} AND "providerMessageId" = ANY(${ids}::text[])`
    : [];
  const byId = new Map(rows.map((r) => [r.pmid, r.labId]));
  return Promise.all(wanted.map(async (w) => (w.providerMessageId && byId.get(w.providerMessageId)) || labOfAddress(tx, account.id, w.address)));
}

/** For a platform account: the lab that last messaged this address through it. */
async function labOfAddress(tx: SqlRunner, accountId: string, address: string): Promise<string | null> {
  const bare = address.replace(/^whatsapp:/i, "").trim();
  const [row] = await tx.$queryRaw<{ labId: string }[]>`
    SELECT "labId" FROM "Message" WHERE "businessAccountId" = ${accountId} AND lower("to") = lower(${bare}) ORDER BY "createdAt" DESC LIMIT 1`;
  return row?.labId ?? null;
}
