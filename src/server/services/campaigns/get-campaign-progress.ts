import { sqlOf, type Db } from "@/server/db";

export type TCampaignProgress = {
  rows: { pending: number; ready: number; skipped: number; rejected: number; sending: number; accepted: number; cancelled: number };
  /** Messages written by the campaign, by where they are now. */
  messages: { accepted: number; queued: number; sent: number; delivered: number; failed: number; skipped: number; cancelled: number };
  /** Messages the campaign will write in all (rows still to send, times channels, plus those written). */
  expected: number;
  /** Messages that reached an end (sent, delivered, failed, skipped or cancelled), for the progress bar. */
  done: number;
  /** Messages handed to providers over the last minute, per second. */
  ratePerSecond: number;
};

/** Exact counts from the rows and their messages: two grouped queries, whatever the campaign's size. */
export async function getCampaignProgress(db: Db, { campaignId, channels, now = new Date() }: { campaignId: string; channels: number; now?: Date }): Promise<TCampaignProgress> {
  const sql = sqlOf(db);
  const minuteAgo = new Date(now.getTime() - 60_000);
  const [rowCounts, messageCounts] = await Promise.all([
    sql.$queryRaw<{ status: string; n: number }[]>`SELECT status::text, count(*)::int AS n FROM "CampaignRow" WHERE "campaignId" = ${campaignId} GROUP BY status`,
    sql.$queryRaw<{ status: string; n: number; recent: number }[]>`
      SELECT m.status::text, count(*)::int AS n, count(*) FILTER (WHERE m."sentAt" >= ${minuteAgo})::int AS recent
      FROM "CampaignMessage" cm JOIN "Message" m ON m.id = cm."messageId"
      WHERE cm."campaignId" = ${campaignId} GROUP BY m.status`,
  ]);
  const row = (status: string) => rowCounts.find((r) => r.status === status)?.n ?? 0;
  const message = (...statuses: string[]) => messageCounts.filter((m) => statuses.includes(m.status)).reduce((sum, m) => sum + m.n, 0);
  const rows = { pending: row("PENDING"), ready: row("READY"), skipped: row("SKIPPED"), rejected: row("REJECTED"), sending: row("SENDING"), accepted: row("ACCEPTED"), cancelled: row("CANCELLED") };
  const messages = {
    accepted: message("SCHEDULED", "QUEUED", "SENDING", "SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED", "SKIPPED", "CANCELLED"),
    queued: message("SCHEDULED", "QUEUED", "SENDING"),
    sent: message("SENT"),
    delivered: message("DELIVERED", "READ"),
    failed: message("FAILED", "UNDELIVERED"),
    skipped: message("SKIPPED"),
    cancelled: message("CANCELLED"),
  };
  const recent = messageCounts.reduce((sum, m) => sum + m.recent, 0);
  return {
    rows,
    messages,
    expected: messages.accepted + (rows.ready + rows.skipped + rows.sending) * channels,
    done: messages.accepted - messages.queued,
    ratePerSecond: Math.round((recent / 60) * 10) / 10,
  };
}
