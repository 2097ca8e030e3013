import type { Channel } from "@/generated/prisma/enums";
import { sqlOf, type Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";

export type TGetOtpStatsOptions = { db: Db; labId: string; since: Date; until: Date };

type TDayRow = { day: Date; channel: Channel; starts: bigint; approved: bigint };
type TBlockRow = { kind: string; rule: string; country: string | null; prefix: string | null; count: bigint; last: Date };

/**
 * The lab's OTP figures for a period: starts and approvals per day and channel (the channel a
 * challenge ended on), fallbacks by route, refusals by rule, country and prefix, and the prefix
 * blocks in force. Days are UTC.
 */
export async function getOtpStats({ db, labId, since, until }: TGetOtpStatsOptions) {
  const sql = sqlOf(db);
  const from = sqlTimestamp(since);
  const to = sqlTimestamp(until);
  const [days, fallbacks, blocks, activeBlocks] = await Promise.all([
    sql.$queryRaw<TDayRow[]>`
      SELECT date_trunc('day', "createdAt") AS day, (channels["channelIndex" + 1])::text AS channel,
             count(*) AS starts, count(*) FILTER (WHERE status = 'APPROVED') AS approved
      FROM "OtpChallenge" WHERE "labId" = ${labId} AND "createdAt" >= ${from} AND "createdAt" < ${to}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    sql.$queryRaw<{ from: Channel | null; to: Channel | null; reason: string | null; count: bigint }[]>`
      SELECT detail->>'from' AS from, channel::text AS to, detail->>'reason' AS reason, count(*) AS count
      FROM "OtpEvent" WHERE "labId" = ${labId} AND type = 'fallback' AND "createdAt" >= ${from} AND "createdAt" < ${to}
      GROUP BY 1, 2, 3 ORDER BY 4 DESC`,
    sql.$queryRaw<TBlockRow[]>`
      SELECT kind, rule, country, prefix, count(*) AS count, max("createdAt") AS last
      FROM "OtpBlock" WHERE "labId" = ${labId} AND "createdAt" >= ${from} AND "createdAt" < ${to}
      GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC LIMIT 50`,
    db.otpPrefixBlock.findMany({
      where: { labId, until: { gt: new Date() } },
      select: { prefix: true, country: true, volume: true, baseline: true, until: true, createdAt: true },
      orderBy: { until: "desc" },
    }),
  ]);
  const series = days.map((d) => ({ day: d.day.toISOString().slice(0, 10), channel: d.channel, starts: Number(d.starts), approved: Number(d.approved) }));
  const starts = series.reduce((n, d) => n + d.starts, 0);
  const approved = series.reduce((n, d) => n + d.approved, 0);
  return {
    totals: { starts, approved, conversionRate: starts > 0 ? approved / starts : null, fallbacks: fallbacks.reduce((n, f) => n + Number(f.count), 0), blocks: blocks.reduce((n, b) => n + Number(b.count), 0) },
    series,
    fallbacks: fallbacks.map((f) => ({ ...f, count: Number(f.count) })),
    blocks: blocks.map((b) => ({ ...b, count: Number(b.count) })),
    activePrefixBlocks: activeBlocks,
  };
}
