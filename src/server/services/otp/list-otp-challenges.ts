import type { OtpStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { maskRecipient } from "@/server/domain/otp";
import { challengeRowSelect, challengeView } from "@/server/services/otp/otp-view";

export type TListOtpChallengesOptions = { db: Db; labId: string; status?: OtpStatus; purpose?: string; cursor?: string; limit: number; now?: Date };

/** The lab's challenges, newest first, a page at a time; recipients masked. */
export async function listOtpChallenges({ db, labId, status, purpose, cursor, limit, now = new Date() }: TListOtpChallengesOptions) {
  const rows = await db.otpChallenge.findMany({
    where: { labId, ...(status && { status }), ...(purpose && { purpose }) },
    select: { ...challengeRowSelect, purpose: true, to: true, country: true, createdAt: true, endedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor && { cursor: { id: cursor }, skip: 1 }),
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      ...challengeView(row, now),
      purpose: row.purpose,
      to: maskRecipient(row.to),
      country: row.country,
      checks: row.checks,
      sends: row.sends,
      createdAt: row.createdAt,
      endedAt: row.endedAt,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
